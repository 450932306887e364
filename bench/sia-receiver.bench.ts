// SIA receiver figures: what the built-in DC-09 receiver takes from 100 concurrent transmitters. The receiver
// runs in this process as `start` runs it: a whole site (SQLite store in a temporary data folder, a real
// clock) with `server.sia.receiver` on, started by the SIA plug-in's server service, so that each accepted
// event goes to whatever the plug-in keeps reports in, flushed before its ACK. The transmitters are a load
// generator in its own process (bench/sia-load.ts): 100 accounts, one TCP connection (kept open) or UDP
// socket each, one message in flight each (the next is sent once the ACK is in). Three runs, each on a fresh
// site: TCP at 1,000 events/s in all, TCP with no pacing (saturation), UDP at 1,000 events/s; then, for
// reference, the receiver server alone with a sink that only counts (nothing written before the ACK), TCP
// paced and not: the difference is what keeping each event costs. The receiver's CPU (process.cpuUsage: every
// thread) is read as the window starts and ends, the site's RSS at the end.
// POINTYARD_SIA_BENCH_WINDOW_S=5 measures a shorter window (when trying a change; the table has 20 s).

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { type Figure, round3 } from './harness.js';
import { gc } from './ocpp-message-logs.js';
import { type BenchReceiver, startCountingReceiver, startSiteReceiver } from './sia-receiver-site.js';

const group = 'SIA receiver';
const TRANSMITTERS = 100;
const RATE = 1000;
const WARM_MS = 3000;
const WINDOW_MS = Number(process.env.POINTYARD_SIA_BENCH_WINDOW_S ?? 20) * 1000;
/** The goal: p99 ACK time at 1,000 events/s over TCP. */
const GOAL_P99_MS = 50;
/** The label of the reference runs: the receiver server alone, reports counted, not kept. */
const NOT_DURABLE = 'reference: receiver alone, nothing kept';

/** A line of the load generator. */
type Step = Record<string, number | string>;

/** CPU time of this process so far, ms (every thread). */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Runs the load generator; `onStep` is called on each of its lines as it comes. */
function generate(args: (string | number)[], onStep: (step: Step) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/sia-load.ts', ...args.map(String)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    createInterface({ input: child.stdout }).on('line', (line) => onStep(JSON.parse(line) as Step));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`the SIA load generator exited ${code}`)),
    );
  });
}

interface Run {
  done: Step;
  cpuMs: number;
  rssMiB: number;
  kept: { kept: number; where: string };
}

async function run(
  start: (transmitters: number) => Promise<BenchReceiver>,
  transport: 'tcp' | 'udp',
  rate: number,
): Promise<Run> {
  gc(); // what the previous run left is not counted in this one's RSS, as far as V8 gives it back
  const receiver = await start(TRANSMITTERS);
  const marks = new Map<string, number>();
  let done: Step = {};
  let rss = 0;
  let kept = { kept: 0, where: '' };
  try {
    await generate([receiver.port, transport, TRANSMITTERS, rate, WARM_MS, WINDOW_MS], (step) => {
      marks.set(String(step.step), cpuMs());
      if (step.step === 'windowed') rss = process.memoryUsage().rss;
      if (step.step === 'done') done = step;
    });
  } finally {
    kept = await receiver.stop();
  }
  return {
    done,
    cpuMs: (marks.get('windowed') ?? 0) - (marks.get('window') ?? 0),
    rssMiB: rss / 2 ** 20,
    kept,
  };
}

function figuresOf(label: string, how: 'tcp' | 'udp', r: Run, paced: boolean): Figure[] {
  const d = r.done;
  const seconds = Number(d.seconds);
  const refused = `${d.nak} NAK, ${d.duh} DUH, ${d.unanswered} unanswered (${Number(d.other)} other)`;
  const pacing = paced
    ? `${RATE.toLocaleString('en')} events/s offered (${RATE / TRANSMITTERS} each), ${d.late} sends late by more than one turn`
    : 'each sends its next message as soon as its ACK is in';
  return [
    {
      group,
      name: `${label}: events acknowledged`,
      value: round3(Number(d.ack) / seconds),
      unit: 'events/s',
      note: `${TRANSMITTERS} transmitters, own account each, one message in flight each; ${pacing}; ${seconds} s window after ${WARM_MS / 1000} s warm-up; ${d.ack} of ${d.sent} sent ACKed; ${r.kept.kept} events kept in all (warm-up and drain too): ${r.kept.where}`,
    },
    {
      group,
      name: `${label}: ACK time, p50`,
      value: round3(Number(d.p50Ms)),
      unit: 'ms',
      note: 'from the frame written to its ACK read, in the load generator',
    },
    {
      group,
      name: `${label}: ACK time, p99`,
      value: round3(Number(d.p99Ms)),
      unit: 'ms',
      ...(paced && how === 'tcp' && !label.startsWith(NOT_DURABLE)
        ? {
            note:
              Number(d.p99Ms) < GOAL_P99_MS
                ? `goal: under ${GOAL_P99_MS} ms at 1,000 events/s: met`
                : `goal: under ${GOAL_P99_MS} ms at 1,000 events/s: NOT met`,
          }
        : {}),
    },
    { group, name: `${label}: ACK time, max`, value: round3(Number(d.maxMs)), unit: 'ms' },
    ...(paced
      ? [
          {
            group,
            name: `${label}: event to ACK, p99`,
            value: round3(Number(d.fromTurnP99Ms)),
            unit: 'ms',
            note: "from the event's turn in the pacing to its ACK: the wait of a transmitter behind its turns counts",
          },
        ]
      : []),
    {
      group,
      name: `${label}: not acknowledged`,
      value: Number(d.sent) - Number(d.ack),
      unit: 'messages',
      note: refused,
    },
    {
      group,
      name: `${label}: receiver CPU`,
      value: round3((100 * r.cpuMs) / (seconds * 1000)),
      unit: '% of a core',
      note: `the receiver's process over the window, every thread; the load generator's own: ${round3((100 * Number(d.loadCpuMs)) / (seconds * 1000))} %`,
    },
    {
      group,
      name: `${label}: receiver RSS`,
      value: round3(r.rssMiB),
      unit: 'MiB',
      note: 'the whole site (SQLite store, runtime, receiver) at the end of the window',
    },
  ];
}

export async function siaReceiverBench(): Promise<Figure[]> {
  const site = startSiteReceiver;
  const counting = startCountingReceiver;
  const runs: Array<[string, typeof site, 'tcp' | 'udp', number]> = [
    ['TCP, 1,000 events/s', site, 'tcp', RATE],
    ['TCP, no pacing (saturation)', site, 'tcp', 0],
    ['UDP, 1,000 events/s', site, 'udp', RATE],
    [`${NOT_DURABLE}, TCP, 1,000 events/s`, counting, 'tcp', RATE],
    [`${NOT_DURABLE}, TCP, no pacing`, counting, 'tcp', 0],
  ];
  const out: Figure[] = [];
  for (const [label, start, how, rate] of runs) {
    process.stderr.write(`  ${label}…\n`);
    const figures = figuresOf(label, how, await run(start, how, rate), rate > 0);
    // The reference runs' RSS is the bench process's, not a site's: left out.
    out.push(...(start === site ? figures : figures.filter((f) => !f.name.endsWith('RSS'))));
  }
  return out;
}
