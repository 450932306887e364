// OCPP CSMS figures: how many charge points one node holds. The CSMS runs in this process as `start` runs it
// (the real server service on a site with the parking server, SQLite in a temporary data folder, a real
// clock); the charge points are a load generator in its own process (bench/ocpp-load.ts). For 1,000, 5,000
// and 10,000 charge points, with HTTP Basic auth on: the connect storm (every charge point connects and boots),
// MeterValues from each every 10 s for a measured window, and a reconnect storm (all drop and connect again).
// The CSMS's CPU (process.cpuUsage: every thread, the PBKDF2 of the thread pool too) is read at each step's
// start and end, its RSS at the end of the window.
//
// The first connection of a charge point after a start checks its password against the stored PBKDF2 hash
// (100,000 iterations: tens of ms of CPU). The cold storm is measured with such hashes for 1,000 charge points;
// the larger sizes are given 1,000-iteration hashes (the least the site file takes) so that the run stays
// within minutes — their cold-storm CPU is not the real one (the table says so), the rest is.
// POINTYARD_OCPP_BENCH_SIZES=2000,3000 measures other sizes (when trying a change; the table has the three).

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { RealClock } from '../src/core/clock.js';
import type { KnownChargePoint, OcppSettings } from '../src/protocols/ocpp/ocpp-settings.js';
import { HASH_ITERATIONS, hashPassword } from '../src/protocols/ocpp/password-hash.js';
import { ocppServerService } from '../src/protocols/ocpp/server-service.js';
import { PROTOCOLS } from '../src/protocols/registry.js';
import { startServer } from '../src/server.js';
import { loadSiteText } from '../src/site/load.js';
import { type Figure, round3 } from './harness.js';
import { gc, messageLogMemory } from './ocpp-message-logs.js';

const group = 'OCPP CSMS';
const SIZES = [1000, 5000, 10_000];
/** Handshakes in flight at once during a storm. */
const RAMP = 100;
const INTERVAL_MS = 10_000;
const WINDOW_MS = 20_000;
/** Charge points whose cold storm is measured with hashes of the real cost. */
const REAL_HASH_UP_TO = 1000;
const PASSWORD = 'bench-charge-point-secret';

const quiet = { info() {}, warn() {}, error() {} };

/** A line of the load generator. */
type Step = Record<string, number | string>;

/** CPU time of this process so far, ms (every thread). */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Runs the load generator against `url`; `onStep` is called on each of its lines as it comes. */
function generate(url: string, count: number, onStep: (step: Step) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const args = [url, count, PASSWORD, RAMP, INTERVAL_MS, WINDOW_MS].map(String);
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/ocpp-load.ts', ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    createInterface({ input: child.stdout }).on('line', (line) => onStep(JSON.parse(line) as Step));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`the load generator exited ${code}`)),
    );
  });
}

/** The CSMS of a site with the parking server, `count` known charge points sharing one password hash. */
async function startCsms(count: number, hash: string) {
  const root = mkdtempSync(join(tmpdir(), 'pointyard-ocpp-bench-'));
  const text = `
site: { id: ocpp-bench, name: OCPP bench, tz: UTC }
devices:
  - { id: parking-server, profile: parking-management-server }
server:
  ocpp: { port: 0 }
`;
  const { site, diagnostics } = loadSiteText(text, 'ocpp-bench.yaml', root, PROTOCOLS);
  if (!site) throw new Error(diagnostics.map((d) => d.message).join('\n'));
  const made = ocppServerService.settings(site, {}, { host: '127.0.0.1' });
  if (!made.settings) throw new Error(made.problems.join('\n'));
  const chargePoints: Record<string, KnownChargePoint> = {};
  for (let i = 1; i <= count; i++) chargePoints[`CP-${String(i).padStart(5, '0')}`] = { passwordHash: hash };
  const settings: OcppSettings = { ...made.settings, chargePoints };
  const server = await startServer({
    site,
    dataDir: join(root, 'data'),
    sqlite: { acceptNewDatabase: true },
    clock: new RealClock(1),
    seed: 1,
    log: quiet,
    http: null,
    servers: { ocpp: settings },
    env: { POINTYARD_ADMIN_PASSWORD: 'a long bench password' },
  });
  const address = server.endpoints.find((e) => e.name === 'ocpp')?.address ?? '';
  return {
    url: `ws://${address}/ocpp`,
    async stop() {
      await server.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

interface Run {
  count: number;
  iterations: number;
  connect: { ms: number; cpuMs: number; refused: number; lost: number };
  reconnect: { ms: number; cpuMs: number; refused: number; lost: number };
  window: { seconds: number; cpuMs: number; calls: number; rssMiB: number };
  metered: { sent: number; answered: number; lost: number; p50Ms: number; p99Ms: number };
}

async function run(count: number, hashes: Map<number, string>): Promise<Run> {
  const iterations = count <= REAL_HASH_UP_TO ? HASH_ITERATIONS : 1000;
  const hash = hashes.get(iterations) as string;
  gc(); // what the previous size left is not counted in this one's RSS, as far as V8 gives it back
  const csms = await startCsms(count, hash);
  const marks = new Map<string, number>();
  const steps = new Map<string, Step>();
  let rss = 0;
  try {
    await generate(csms.url, count, (step) => {
      const name = String(step.step);
      marks.set(name, cpuMs());
      steps.set(name, step);
      if (name === 'windowed') rss = process.memoryUsage().rss;
    });
  } finally {
    await csms.stop();
  }
  const cpu = (from: string, to: string) => (marks.get(to) ?? 0) - (marks.get(from) ?? 0);
  const step = (name: string) => steps.get(name) ?? {};
  const storm = (end: string, start: string) => {
    const s = step(end);
    return {
      ms: Number(s.ms),
      cpuMs: cpu(start, end),
      refused: Number(s.refused),
      lost: Number(s.sent) - Number(s.answered),
    };
  };
  const windowed = step('windowed');
  const metered = step('metered');
  return {
    count,
    iterations,
    connect: storm('connected', 'connect'),
    reconnect: storm('reconnected', 'reconnect'),
    window: {
      seconds: Number(windowed.seconds),
      cpuMs: cpu('window', 'windowed'),
      calls: Number(windowed.answeredInWindow),
      rssMiB: rss / 2 ** 20,
    },
    metered: {
      sent: Number(metered.sent),
      answered: Number(metered.answered),
      lost: Number(metered.lost),
      p50Ms: Number(metered.p50Ms),
      p99Ms: Number(metered.p99Ms),
    },
  };
}

function figuresOf(r: Run): Figure[] {
  const n = `${r.count.toLocaleString('en')} charge points`;
  const realHash = r.iterations === HASH_ITERATIONS;
  const hashNote = `PBKDF2 ${r.iterations.toLocaleString('en')} iterations${realHash ? ' (the real cost)' : ' (not the real cost: the 100,000 of a real hash add about 19 ms of CPU a charge point, see 1,000)'}`;
  return [
    {
      group,
      name: `${n}: CPU during MeterValues`,
      value: round3((100 * r.window.cpuMs) / (r.window.seconds * 1000)),
      unit: '% of a core',
      note: `MeterValues every ${INTERVAL_MS / 1000} s from each, spread over the interval, ${r.window.seconds} s window after ${INTERVAL_MS / 1000} s warm-up`,
    },
    {
      group,
      name: `${n}: RSS`,
      value: round3(r.window.rssMiB),
      unit: 'MiB',
      note: 'of the bench process (the CSMS) at the end of the window; a garbage collection before each size',
    },
    {
      group,
      name: `${n}: messages`,
      value: round3((2 * r.window.calls) / r.window.seconds),
      unit: 'msg/s',
      note: 'calls and their results, both ways',
    },
    { group, name: `${n}: MeterValues answer, p50`, value: round3(r.metered.p50Ms), unit: 'ms' },
    { group, name: `${n}: MeterValues answer, p99`, value: round3(r.metered.p99Ms), unit: 'ms' },
    {
      group,
      name: `${n}: calls lost`,
      value: r.metered.lost + r.connect.lost + r.reconnect.lost,
      unit: 'calls',
      note: `of ${(r.metered.sent + r.count * 2).toLocaleString('en')} (BootNotification ×2, MeterValues): not answered, or a CALLERROR; ${r.connect.refused + r.reconnect.refused} connections refused`,
    },
    {
      group,
      name: `${n}: connect storm, time`,
      value: round3(r.connect.ms / 1000),
      unit: 's',
      note: `every one connects (Basic auth, ${RAMP} handshakes in flight) and boots; ${hashNote}`,
    },
    {
      group,
      name: `${n}: connect storm, CSMS CPU`,
      value: round3(r.connect.cpuMs / 1000),
      unit: 's',
      note: realHash
        ? 'CPU time of every thread'
        : 'with 1,000-iteration hashes: see the time note for the real cost',
    },
    {
      group,
      name: `${n}: reconnect storm, time`,
      value: round3(r.reconnect.ms / 1000),
      unit: 's',
      note: 'every one drops, then connects and boots again (passwords already checked once)',
    },
    {
      group,
      name: `${n}: reconnect storm, CSMS CPU`,
      value: round3(r.reconnect.cpuMs / 1000),
      unit: 's',
    },
  ];
}

export async function ocppBench(): Promise<Figure[]> {
  const hashes = new Map<number, string>();
  for (const iterations of [HASH_ITERATIONS, 1000])
    hashes.set(iterations, await hashPassword(PASSWORD, iterations));
  const sizes = process.env.POINTYARD_OCPP_BENCH_SIZES?.split(',').map(Number) ?? SIZES;
  const out: Figure[] = [];
  for (const count of sizes) {
    process.stderr.write(`  ${count} charge points…\n`);
    out.push(...figuresOf(await run(count, hashes)));
  }
  const logs = messageLogMemory(10_000);
  out.push({
    group,
    name: '10,000 charge points: message logs, full',
    value: round3(logs.mib),
    unit: 'MiB',
    note: `heap kept once every log had 400 messages (MeterValues and results): ${Math.round(logs.kept / 10_000)} kept per charge point within the logs' shared budget`,
  });
  return out;
}
