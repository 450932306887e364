// The Modbus load generator of bench/modbus.bench.ts, run in its own process so that it does not share the
// servers' event loops: N connections to each server, each with one FC 3 request in flight at a time (a
// master polling as fast as it is answered), latency of every request.
//
// Fair to the servers it compares: the same request, the same number of masters and the same depth (one
// request in flight per master) for each. Given several servers, it measures them in turns (slices of
// `sliceMs`, until each had `measureMs`), so that a burst of noise on a shared machine falls on all of them
// alike rather than on whichever was measured at that moment; a slice starts once the previous one's
// answers are all in. Lean on purpose (raw sockets, one request frame reused, answers read with `onread`
// into a fixed buffer and framed by their MBAP length, no Buffer and no stream event per answer): on a
// 2-core machine the generator's CPU time is taken from the server's. Prints one JSON line per server, in
// the order given: requests, seconds, p50Ms, p99Ms, failures, and `answered` (every answer, warm-up too: what
// the server's CPU time over the whole load went to).
//
//   node --import tsx bench/modbus-load.ts <port[,port…]> <unit> <address> <count> <clients> <warmMs> <measureMs> [sliceMs]

import { connect, type Socket } from 'node:net';
import { FC } from '../src/protocols/modbus/constants.js';
import { encodeFrame } from '../src/protocols/modbus/mbap.js';
import { encodeRequest } from '../src/protocols/modbus/requests.js';

const [portList = '', ...numbers] = process.argv.slice(2);
const ports = portList.split(',').map(Number);
const [unit, address, count, clients, warmMs, measureMs, sliceArg] = numbers.map(Number) as [
  number,
  number,
  number,
  number,
  number,
  number,
  number | undefined,
];
const sliceMs = sliceArg && sliceArg > 0 ? sliceArg : measureMs;

const request = encodeFrame(
  0,
  unit,
  encodeRequest({ fc: FC.readHoldingRegisters, address, quantity: count }),
);
const answerLength = 7 + 2 + 2 * count;
/** Largest MBAP frame: 7-byte header and a PDU of at most 253 bytes. */
const MAX_FRAME = 260;

/** What one server got. */
interface Tally {
  /** Latency of each request sent while measuring, ms. */
  samples: number[];
  failures: number;
  measuredMs: number;
  /** Answers received, warm-up included. */
  answered: number;
}

/** One master of one server. */
interface Master {
  /** Resolves once connected. */
  connected: Promise<void>;
  /** Polls until `until` (performance.now()), recording latencies when `record`; resolves on the last answer. */
  poll(until: number, record: boolean): Promise<void>;
  close(): void;
}

function master(port: number, tally: Tally): Master {
  const frame = Buffer.from(request); // its own: a queued write must not see the next id
  /** An answer that arrived in pieces: its bytes so far. */
  const partial = Buffer.allocUnsafe(2 * MAX_FRAME);
  let held = 0;
  let sentAt = 0;
  let id = 0;
  let until = 0;
  let record = false;
  let stopped: () => void = () => {};
  let failed: (err: Error) => void = () => {};
  let broken: Error | null = null;
  const send = () => {
    id = (id + 1) & 0xffff;
    frame[0] = id >>> 8;
    frame[1] = id & 0xff;
    sentAt = performance.now();
    socket.write(frame);
  };
  const answered = (buf: Uint8Array, size: number) => {
    const now = performance.now();
    tally.answered++;
    if (
      size !== answerLength ||
      (((buf[0] as number) << 8) | (buf[1] as number)) !== id ||
      buf[7] !== FC.readHoldingRegisters
    )
      tally.failures++;
    if (record) tally.samples.push(now - sentAt);
    if (now < until) send();
    else stopped();
  };
  /** Whether `buf[0 … n)` holds a whole frame (by its MBAP length). */
  const whole = (buf: Uint8Array, n: number) =>
    n >= 6 && n >= 6 + (((buf[4] as number) << 8) | (buf[5] as number));
  const socket: Socket = connect({
    host: '127.0.0.1',
    port,
    noDelay: true,
    onread: {
      buffer: Buffer.allocUnsafe(4 * MAX_FRAME),
      callback: (n: number, buf: Uint8Array) => {
        if (held === 0 && whole(buf, n)) answered(buf, n);
        else if (held + n > partial.length) {
          tally.failures++; // not Modbus answers: start again with the next bytes
          held = 0;
        } else {
          partial.set(buf.subarray(0, n), held);
          held += n;
          if (whole(partial, held)) {
            const size = held;
            held = 0;
            answered(partial, size);
          }
        }
        return true;
      },
    },
  });
  const connected = new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    failed = reject;
  });
  socket.on('error', (err) => {
    broken = err;
    failed(err);
  });
  return {
    connected,
    poll(pollUntil, pollRecord) {
      until = pollUntil;
      record = pollRecord;
      return new Promise<void>((resolve, reject) => {
        if (broken) return reject(broken);
        stopped = resolve;
        failed = reject;
        send();
      });
    },
    close: () => socket.destroy(),
  };
}

/** Every master of one server polls for `ms`; resolves once all their answers are in. */
async function slice(masters: Master[], tally: Tally, ms: number, record: boolean): Promise<void> {
  const start = performance.now();
  await Promise.all(masters.map((m) => m.poll(start + ms, record)));
  if (record) tally.measuredMs += ms;
}

const tallies: Tally[] = ports.map(() => ({ samples: [], failures: 0, measuredMs: 0, answered: 0 }));
const servers = ports.map((port, i) =>
  Array.from({ length: clients }, () => master(port, tallies[i] as Tally)),
);
await Promise.all(servers.flat().map((m) => m.connected));
for (const [i, masters] of servers.entries()) await slice(masters, tallies[i] as Tally, warmMs, false);
for (let done = 0; done < measureMs; done += sliceMs) {
  const ms = Math.min(sliceMs, measureMs - done);
  for (const [i, masters] of servers.entries()) await slice(masters, tallies[i] as Tally, ms, true);
}
for (const m of servers.flat()) m.close();

for (const { samples, failures, measuredMs, answered } of tallies) {
  samples.sort((a, b) => a - b);
  const at = (q: number) =>
    samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? Number.NaN;
  process.stdout.write(
    `${JSON.stringify({ requests: samples.length, seconds: measuredMs / 1000, p50Ms: at(0.5), p99Ms: at(0.99), failures, answered })}\n`,
  );
}
