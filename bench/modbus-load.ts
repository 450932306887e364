// The Modbus load generator of bench/modbus.bench.ts, run in its own process so that it does not share the
// server's event loop: N connections, each with one FC 3 request in flight at a time (a master polling as
// fast as it is answered), latency of every request. Lean on purpose (raw sockets, one request frame reused,
// answers framed by their MBAP length) so that it costs less than the servers it measures. Prints one JSON
// line: requests, seconds, p50Ms, p99Ms, failures.
//
//   node --import tsx bench/modbus-load.ts <port> <unit> <address> <count> <clients> <warmMs> <measureMs>

import { connect, type Socket } from 'node:net';
import { FC } from '../src/protocols/modbus/constants.js';
import { encodeFrame } from '../src/protocols/modbus/mbap.js';
import { encodeRequest } from '../src/protocols/modbus/requests.js';

const [port, unit, address, count, clients, warmMs, measureMs] = process.argv.slice(2).map(Number) as [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
];

const request = encodeFrame(
  0,
  unit,
  encodeRequest({ fc: FC.readHoldingRegisters, address, quantity: count }),
);
const answerLength = 7 + 2 + 2 * count;
const samples: number[] = [];
let failures = 0;
let measureFrom = Number.POSITIVE_INFINITY;
let end = Number.POSITIVE_INFINITY;

/** One master: sends, waits for the whole answer, records, sends again until `end`. */
function master(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    const frame = Buffer.from(request); // its own: a queued write must not see the next id
    let pending: Buffer | null = null;
    let sentAt = 0;
    let id = 0;
    const send = () => {
      id = (id + 1) & 0xffff;
      frame.writeUInt16BE(id, 0);
      sentAt = performance.now();
      socket.write(frame);
    };
    socket.on('data', (chunk: Buffer) => {
      const buf: Buffer = pending ? Buffer.concat([pending, chunk]) : chunk;
      pending = null;
      if (buf.length < 6 || buf.length < 6 + buf.readUInt16BE(4)) {
        pending = buf;
        return;
      }
      const now = performance.now();
      if (buf.length !== answerLength || buf.readUInt16BE(0) !== id || buf[7] !== FC.readHoldingRegisters)
        failures++;
      if (sentAt >= measureFrom) samples.push(now - sentAt);
      if (now < end) send();
      else {
        socket.destroy();
        resolve();
      }
    });
    socket.once('error', reject);
    send();
  });
}

const sockets = await Promise.all(
  Array.from(
    { length: clients },
    () =>
      new Promise<Socket>((resolve, reject) => {
        const socket = connect({ host: '127.0.0.1', port, noDelay: true });
        socket.once('connect', () => resolve(socket));
        socket.once('error', reject);
      }),
  ),
);
measureFrom = performance.now() + warmMs;
end = measureFrom + measureMs;
await Promise.all(sockets.map(master));
samples.sort((a, b) => a - b);
const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? Number.NaN;
process.stdout.write(
  `${JSON.stringify({ requests: samples.length, seconds: measureMs / 1000, p50Ms: at(0.5), p99Ms: at(0.99), failures })}\n`,
);
