// The OCPP load generator of bench/ocpp.bench.ts, run in its own process so that it does not share the
// CSMS's event loop: N charge points, each a plain `ws` WebSocket (no OCPP library: hand-made OCPP-J frames,
// no schema checks, so that its own CPU stays low on a 2-core machine) with HTTP Basic auth.
//
// 1. Connect storm: every charge point connects and sends BootNotification, at most `ramp` handshakes in
//    flight at once; it is connected once its BootNotification is answered.
// 2. Meter values: each sends MeterValues every `intervalMs`, the charge points spread evenly over the
//    interval; after one interval of warm-up, answers are timed for `windowMs`; then the calls under way are
//    given up to 30 s to be answered. Every call is counted: sent, answered, lost (never answered or a
//    CALLERROR).
// 3. Reconnect storm: every charge point closes its WebSocket, then all connect and boot again, as in 1.
//
// The bench process reads the CSMS's CPU at each step: this prints one JSON line as each step starts and
// ends ({"step": "connect" | "connected" | "window" | "windowed" | "reconnect" | "reconnected", …}).
//
//   node --import tsx bench/ocpp-load.ts <url> <count> <password> <ramp> <intervalMs> <windowMs>

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
type Socket = {
  on(event: string, listener: (...args: never[]) => void): void;
  once(event: string, listener: (...args: never[]) => void): void;
  send(text: string): void;
  close(): void;
  terminate(): void;
  readyState: number;
};
const WebSocket = require('ws') as new (url: string, protocols: string[], options: object) => Socket;

const [url = '', countArg, password = '', rampArg, intervalArg, windowArg] = process.argv.slice(2);
const count = Number(countArg);
const ramp = Number(rampArg);
const intervalMs = Number(intervalArg);
const windowMs = Number(windowArg);
/** A step that takes longer than this fails the run. */
const STEP_CAP_MS = 600_000;
const DRAIN_CAP_MS = 30_000;

const say = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);

/** What one phase of calls got. */
const tally = { sent: 0, answered: 0, errors: 0, samples: [] as number[], timing: false };

interface ChargePoint {
  id: string;
  socket: Socket | null;
  /** The call under way: its message id and when it was sent (performance.now()), or null. */
  pending: { id: string; sentAt: number; resolve: () => void } | null;
  seq: number;
}

const chargePoints: ChargePoint[] = Array.from({ length: count }, (_, i) => ({
  id: `CP-${String(i + 1).padStart(5, '0')}`,
  socket: null,
  pending: null,
  seq: 0,
}));

/** Sends one call; resolves once answered (a result or a CALLERROR, counted as an error). */
function call(cp: ChargePoint, action: string, payload: string): Promise<void> {
  const socket = cp.socket;
  if (!socket || socket.readyState !== 1 || cp.pending) {
    tally.sent++; // a call that cannot be made is a lost one
    return Promise.resolve();
  }
  const id = `${++cp.seq}`;
  return new Promise<void>((resolve) => {
    cp.pending = { id, sentAt: performance.now(), resolve };
    tally.sent++;
    socket.send(`[2,"${id}","${action}",${payload}]`);
  });
}

/** An answer: OCPP-J `[3,"id",{…}]` or `[4,"id",…]`; only the type and the id are read. */
function answered(cp: ChargePoint, text: string): void {
  const pending = cp.pending;
  if (!pending) return;
  const type = text.charCodeAt(1);
  const idEnd = text.indexOf('"', 4);
  if (text.slice(4, idEnd) !== pending.id) return; // a call from the CSMS: not sent by this bench
  cp.pending = null;
  if (type === 0x33 /* 3 */) {
    tally.answered++;
    if (tally.timing) tally.samples.push(performance.now() - pending.sentAt);
  } else tally.errors++;
  pending.resolve();
}

const BOOT = JSON.stringify({ chargePointVendor: 'Pointyard bench', chargePointModel: 'load' });

/** Connects `cp` and boots it; resolves once the BootNotification is answered, or on a refusal. */
function connectAndBoot(cp: ChargePoint): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`${url}/${cp.id}`, ['ocpp1.6'], {
      perMessageDeflate: false,
      headers: { authorization: `Basic ${Buffer.from(`${cp.id}:${password}`).toString('base64')}` },
    });
    socket.once('open', () => {
      cp.socket = socket;
      call(cp, 'BootNotification', BOOT).then(() => resolve(true));
    });
    socket.on('message', ((data: Buffer) => answered(cp, data.toString())) as never);
    socket.once('unexpected-response', () => {
      socket.terminate();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
    socket.once('close', () => {
      if (cp.socket === socket) cp.socket = null;
      // A call under way on a closed socket is never answered: count it lost now.
      const pending = cp.pending;
      cp.pending = null;
      pending?.resolve();
    });
  });
}

/** Connects and boots every charge point, `ramp` at a time; answers the time taken and the refusals. */
async function storm(): Promise<{ ms: number; refused: number }> {
  const start = performance.now();
  let next = 0;
  let refused = 0;
  const worker = async () => {
    while (next < chargePoints.length) {
      const cp = chargePoints[next++] as ChargePoint;
      if (!(await connectAndBoot(cp))) refused++;
    }
  };
  await withCap(Promise.all(Array.from({ length: Math.min(ramp, count) }, worker)), STEP_CAP_MS, 'storm');
  return { ms: performance.now() - start, refused };
}

function withCap<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const cap = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not done within ${ms} ms`)), ms);
  });
  return Promise.race([promise, cap]).finally(() => clearTimeout(timer));
}

const meterValues = (cp: ChargePoint, wh: number) =>
  `{"connectorId":1,"meterValue":[{"timestamp":"${new Date().toISOString()}","sampledValue":[` +
  `{"value":"${wh}","measurand":"Energy.Active.Import.Register","unit":"Wh"},` +
  `{"value":"7200","measurand":"Power.Active.Import","unit":"W"},` +
  `{"value":"${cp.seq % 40}","measurand":"Current.Import","unit":"A","phase":"L1"}]}]}`;

/** MeterValues from every charge point every `intervalMs` (spread over it) for `ms`; resolves once all are answered. */
async function meter(ms: number, onWarm: () => void, onWindowEnd: () => void): Promise<void> {
  const start = performance.now();
  const calls: Promise<void>[] = [];
  const timers: NodeJS.Timeout[] = [];
  const stops: NodeJS.Timeout[] = [];
  let energy = 0;
  for (const [i, cp] of chargePoints.entries()) {
    const first = (i * intervalMs) / count;
    timers.push(
      setTimeout(() => {
        const send = () => {
          if (performance.now() - start < intervalMs + ms)
            calls.push(call(cp, 'MeterValues', meterValues(cp, ++energy)));
        };
        send();
        const every = setInterval(send, intervalMs);
        stops.push(every);
      }, first),
    );
  }
  await new Promise((resolve) => setTimeout(resolve, intervalMs));
  onWarm();
  await new Promise((resolve) => setTimeout(resolve, ms));
  for (const t of [...timers, ...stops]) clearTimeout(t);
  onWindowEnd();
  await withCap(Promise.all(calls), DRAIN_CAP_MS, 'the last answers').catch(() => {});
}

const percentile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

// 1. Connect storm.
say({ step: 'connect' });
const connected = await storm();
const boots = { sent: tally.sent, answered: tally.answered, errors: tally.errors };
say({ step: 'connected', ...connected, ...boots });

// 2. Meter values.
Object.assign(tally, { sent: 0, answered: 0, errors: 0, samples: [] });
let windowTally = { sent: 0, answered: 0 };
await meter(
  windowMs,
  () => {
    tally.timing = true;
    windowTally = { sent: tally.sent, answered: tally.answered };
    say({ step: 'window' });
  },
  () => {
    tally.timing = false;
    say({
      step: 'windowed',
      seconds: windowMs / 1000,
      answeredInWindow: tally.answered - windowTally.answered,
    });
  },
);
tally.samples.sort((a, b) => a - b);
const metered = {
  sent: tally.sent,
  answered: tally.answered,
  errors: tally.errors,
  lost: tally.sent - tally.answered,
  p50Ms: percentile(tally.samples, 0.5),
  p99Ms: percentile(tally.samples, 0.99),
};
say({ step: 'metered', ...metered });

// 3. Reconnect storm.
await withCap(
  Promise.all(
    chargePoints.map(
      (cp) =>
        new Promise<void>((resolve) => {
          const socket = cp.socket;
          if (!socket) return resolve();
          socket.once('close', () => resolve());
          socket.close();
        }),
    ),
  ),
  STEP_CAP_MS,
  'closing',
);
Object.assign(tally, { sent: 0, answered: 0, errors: 0, samples: [] });
say({ step: 'reconnect' });
const reconnected = await storm();
say({
  step: 'reconnected',
  ...reconnected,
  sent: tally.sent,
  answered: tally.answered,
  errors: tally.errors,
});

for (const cp of chargePoints) cp.socket?.terminate();
say({ step: 'done' });
