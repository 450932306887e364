// A tiny pcap writer for Wireshark's dissector (tshark) in the interop tests: each datagram as an Ethernet
// frame with IPv4 and UDP headers of correct lengths and checksums, in one capture file.
import { spawnSync } from 'node:child_process';

/** Why tshark cannot be run here, or null when it can. */
export function tsharkMissing(): string | null {
  const probe = spawnSync('tshark', ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? null : 'tshark is not installed (apt-get install tshark; .ci/run installs it)';
}

function checksum(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 2) sum += ((bytes[i] as number) << 8) | (bytes[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** One Ethernet frame carrying `data` in UDP from `src` to `dst` (IPv4 octets), both on `port`. */
export function udpPacket(src: number[], dst: number[], data: Uint8Array, port = 47808): Buffer {
  const udp = Buffer.alloc(8);
  udp.writeUInt16BE(port, 0);
  udp.writeUInt16BE(port, 2);
  udp.writeUInt16BE(8 + data.length, 4);
  const pseudo = Buffer.alloc(12);
  pseudo.set(src, 0);
  pseudo.set(dst, 4);
  pseudo[9] = 17;
  pseudo.writeUInt16BE(8 + data.length, 10);
  const sum = checksum(Buffer.concat([pseudo, udp, data]));
  udp.writeUInt16BE(sum === 0 ? 0xffff : sum, 6);
  const ip = Buffer.alloc(20);
  ip[0] = 0x45; // version 4, header of 5 words
  ip.writeUInt16BE(28 + data.length, 2);
  ip[8] = 64; // TTL
  ip[9] = 17; // UDP
  ip.set(src, 12);
  ip.set(dst, 16);
  ip.writeUInt16BE(checksum(ip), 10);
  const mac = (ip4: number[]) => Buffer.from([2, 0, 0, 0, 0, ip4[3] as number]);
  return Buffer.concat([mac(dst), mac(src), Buffer.from('0800', 'hex'), ip, udp, data]);
}

/** A capture file (Ethernet link type) of `packets`, one second apart. */
export function pcapFile(packets: Buffer[]): Buffer {
  const global = Buffer.alloc(24);
  global.writeUInt32LE(0xa1b2c3d4, 0);
  global.writeUInt16LE(2, 4);
  global.writeUInt16LE(4, 6);
  global.writeUInt32LE(65535, 16); // snap length
  global.writeUInt32LE(1, 20); // Ethernet
  const records = packets.map((p, i) => {
    const head = Buffer.alloc(16);
    head.writeUInt32LE(1_700_000_000 + i, 0);
    head.writeUInt32LE(p.length, 8);
    head.writeUInt32LE(p.length, 12);
    return Buffer.concat([head, p]);
  });
  return Buffer.concat([global, ...records]);
}

/**
 * Wireshark's full dissection of each frame of a capture file (`tshark -V`, checksums checked), in order;
 * throws when tshark fails.
 */
export function dissect(file: string): string[] {
  const run = spawnSync(
    'tshark',
    ['-r', file, '-V', '-o', 'udp.check_checksum:TRUE', '-o', 'ip.check_checksum:TRUE'],
    { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
  );
  if (run.status !== 0) throw new Error(`tshark failed (${run.status}): ${run.stderr}`);
  return run.stdout.split(/^Frame \d+:/m).slice(1);
}

/**
 * What is wrong with one frame's dissection for a BACnet/IP frame: not read as BVLC, malformed, an error in
 * Wireshark's expert info, a bad checksum; empty when nothing is.
 */
export function bvlcProblems(dissection: string): string[] {
  const problems: string[] = [];
  if (!dissection.includes('BACnet Virtual Link Control')) problems.push('not dissected as BVLC');
  if (/Malformed/.test(dissection)) problems.push('malformed');
  if (/Expert Info \(Error/.test(dissection)) problems.push('an error in the expert info');
  if (/\[(UDP|Header) checksum status: Bad\]/i.test(dissection)) problems.push('bad checksum');
  return problems;
}
