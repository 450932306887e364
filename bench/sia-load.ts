// The SIA DC-09 load generator of bench/sia-receiver.bench.ts, run in its own process so that the receiver's
// process is measured alone: N transmitters, each with its own account (1000, 1001, …) and its own TCP
// connection (kept open) or UDP socket, each sending SIA-DCS frames (built with the codec: a BA event, a
// sequence 0001–9999, a timestamp) and waiting for the answer to one before sending the next, as DC-09
// transmitters do. With a rate, the transmitters share it (each sends every N/rate s, spread over that
// interval; a transmitter whose answer comes after its next turn sends at once, counted as late, as a panel
// sends the events queued meanwhile; the time from an event's turn to its ACK counts that wait too); with
// rate 0 each sends as soon as it has its answer (saturation).
//
// It prints one JSON line as the measured window starts ({"step":"window"}) and one as it ends
// ({"step":"windowed"}), so that the bench reads the receiver's CPU at both; then, once the answers of the
// messages under way are in (each waited for at most ANSWER_WAIT_MS), {"step":"done", …figures}. Only the
// messages sent within the window count.
//
//   node --import tsx bench/sia-load.ts <port> <tcp|udp> <transmitters> <events/s, 0: no pacing> <warm-up ms> <window ms>

import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createConnection, type Socket } from 'node:net';
import { encodeFrame } from '../src/protocols/sia/codec/frame.js';
import { formatSiaDcs } from '../src/protocols/sia/codec/sia-dcs.js';

const [portArg, transportArg, countArg, rateArg, warmArg, windowArg] = process.argv.slice(2);
const port = Number(portArg);
const transport = transportArg === 'udp' ? 'udp' : 'tcp';
const count = Number(countArg);
const rate = Number(rateArg);
const warmMs = Number(warmArg);
const windowMs = Number(windowArg);
/** An answer not in by then is counted unanswered (and a TCP connection is opened again). */
const ANSWER_WAIT_MS = 10_000;
/** Connecting every transmitter takes at most this long. */
const CONNECT_CAP_MS = 30_000;

const say = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);

type Answer = 'ACK' | 'NAK' | 'DUH' | 'other' | 'unanswered';

/** What the messages sent within the window got. */
const tally = {
  sent: 0,
  ACK: 0,
  NAK: 0,
  DUH: 0,
  other: 0,
  unanswered: 0,
  late: 0,
  samples: [] as number[],
  fromTurn: [] as number[],
};

/** The answer's id token and sequence: `\n<crc><len>"ACK"0001…\r` → ['ACK', 1]. */
function answerOf(frame: string): { token: string; sequence: number } | null {
  const m = /^\n[0-9A-Fa-f]{8}"\*?([A-Z-]+)"(\d{4})/.exec(frame);
  return m ? { token: m[1] as string, sequence: Number(m[2]) } : null;
}

/** One transmitter's link to the receiver: sends a frame, resolves with the answer to it. */
interface Link {
  exchange(frame: string, sequence: number): Promise<Answer>;
  close(): void;
}

/** Waits for the answer matching `sequence` (a NAK answers with 0000); `undefined` until it comes. */
class Pending {
  private waiting: { sequence: number; resolve: (a: Answer) => void; timer: NodeJS.Timeout } | null = null;

  wait(sequence: number, onTimeout: () => void): Promise<Answer> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting = null;
        onTimeout();
        resolve('unanswered');
      }, ANSWER_WAIT_MS);
      this.waiting = { sequence, resolve, timer };
    });
  }

  /** An answer came in: it settles the message waiting when it echoes its sequence (or is a NAK). */
  answer(frame: string): void {
    const w = this.waiting;
    const a = answerOf(frame);
    if (!w || !a) return;
    const known = a.token === 'ACK' || a.token === 'NAK' || a.token === 'DUH';
    if (a.token !== 'NAK' && a.sequence !== w.sequence) return;
    clearTimeout(w.timer);
    this.waiting = null;
    w.resolve(known ? (a.token as Answer) : 'other');
  }

  /** The link dropped: the message waiting is unanswered. */
  drop(): void {
    const w = this.waiting;
    if (!w) return;
    clearTimeout(w.timer);
    this.waiting = null;
    w.resolve('unanswered');
  }
}

function connectTcp(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.setNoDelay(true);
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** A TCP link: one connection, opened again when it drops or an answer does not come. */
async function tcpLink(): Promise<Link> {
  const pending = new Pending();
  let socket: Socket | null = null;
  let closed = false;
  const open = async () => {
    const s = await connectTcp();
    let received = '';
    s.setEncoding('latin1');
    s.on('data', (text: string) => {
      received += text;
      for (let end = received.indexOf('\r'); end >= 0; end = received.indexOf('\r')) {
        const start = received.lastIndexOf('\n', end);
        if (start >= 0) pending.answer(received.slice(start, end + 1));
        received = received.slice(end + 1);
      }
    });
    s.on('error', () => {});
    s.once('close', () => {
      if (socket === s) socket = null;
      pending.drop();
    });
    socket = s;
  };
  await open();
  return {
    async exchange(frame, sequence) {
      if (!socket && !closed) await open().catch(() => {});
      const s = socket;
      if (!s) return 'unanswered';
      const answer = pending.wait(sequence, () => s.destroy());
      s.write(frame, 'latin1');
      return answer;
    },
    close() {
      closed = true;
      socket?.destroy();
    },
  };
}

/** A UDP link: its own socket; one datagram a message. */
async function udpLink(): Promise<Link> {
  const pending = new Pending();
  const socket: UdpSocket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  socket.on('message', (datagram) => pending.answer(datagram.toString('latin1')));
  socket.on('error', () => {});
  return {
    exchange(frame, sequence) {
      const answer = pending.wait(sequence, () => {});
      socket.send(Buffer.from(frame, 'latin1'), port, '127.0.0.1');
      return answer;
    },
    close() {
      socket.close();
    },
  };
}

/** The frame of one burglary alarm from `account`, zone 1–99 by sequence, timestamped now. */
function frameOf(account: string, sequence: number): string {
  const zone = String((sequence % 99) + 1).padStart(3, '0');
  return encodeFrame({
    token: 'SIA-DCS',
    encrypted: false,
    sequence,
    line: '0',
    account,
    data: formatSiaDcs(account, [{ code: 'BA', zone, area: '1' }]),
    extended: [],
    timestamp: new Date(),
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** One transmitter until `stopAt` (performance.now()): counts what it sends within [from, to). */
async function transmit(index: number, link: Link, start: number, from: number, to: number) {
  const account = String(1000 + index);
  const interval = rate > 0 ? (count * 1000) / rate : 0;
  let next = start + (index * interval) / count;
  let sequence = 0;
  for (;;) {
    // The event's turn: when it would be sent by a transmitter that is not behind (its queue's wait counts).
    let turn = 0;
    if (interval > 0) {
      const now = performance.now();
      if (next > now) await sleep(next - now);
      else if (now - next > interval) tally.late += now >= from && now < to ? 1 : 0;
      turn = next;
      next += interval;
    }
    const sentAt = performance.now();
    if (sentAt >= to) return;
    sequence = (sequence % 9999) + 1;
    const answer = await link.exchange(frameOf(account, sequence), sequence);
    if (sentAt < from) continue;
    tally.sent++;
    tally[answer]++;
    if (answer !== 'ACK') continue;
    const ackAt = performance.now();
    tally.samples.push(ackAt - sentAt);
    if (interval > 0) tally.fromTurn.push(ackAt - Math.min(turn, sentAt));
  }
}

const connectStart = performance.now();
const links = await Promise.all(
  Array.from({ length: count }, () => (transport === 'tcp' ? tcpLink() : udpLink())),
);
if (performance.now() - connectStart > CONNECT_CAP_MS) throw new Error('sia-load: connecting took too long');

const start = performance.now();
const from = start + warmMs;
const to = from + windowMs;
let cpuAtWindow = process.cpuUsage();
setTimeout(() => {
  cpuAtWindow = process.cpuUsage();
  say({ step: 'window' });
}, warmMs);
let ownCpuMs = 0;
setTimeout(() => {
  const used = process.cpuUsage(cpuAtWindow);
  ownCpuMs = (used.user + used.system) / 1000;
  say({ step: 'windowed' });
}, warmMs + windowMs);
await Promise.all(links.map((link, i) => transmit(i, link, start, from, to)));
for (const link of links) link.close();

const sorted = tally.samples.sort((a, b) => a - b);
const turns = tally.fromTurn.sort((a, b) => a - b);
const at = (q: number, of = sorted) => of[Math.min(of.length - 1, Math.floor(q * of.length))] ?? Number.NaN;
say({
  step: 'done',
  seconds: windowMs / 1000,
  sent: tally.sent,
  ack: tally.ACK,
  nak: tally.NAK,
  duh: tally.DUH,
  other: tally.other,
  unanswered: tally.unanswered,
  late: tally.late,
  p50Ms: at(0.5),
  p99Ms: at(0.99),
  maxMs: sorted.at(-1) ?? Number.NaN,
  fromTurnP99Ms: at(0.99, turns),
  loadCpuMs: ownCpuMs,
});
process.exit(0);
