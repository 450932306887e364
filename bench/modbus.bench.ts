// Modbus TCP figures: requests/s and p50/p99 latency of FC 3 (10 registers) with 1 and 16 concurrent masters,
// for Pointyard's server and for pymodbus 3.0's server (Debian's python3-pymodbus, bench/pymodbus-server.py),
// measured by the same load generator (bench/modbus-load.ts) in its own process. Both servers run at once and
// the generator measures them in turns of SLICE_MS (the same request, masters and depth for each), so that
// the noise of a shared machine falls on both alike. Pointyard serves an energy meter whose five float32
// readings fill holding registers 40001–40010.

import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { VirtualClock } from '../src/core/clock.js';
import { parsePointsList } from '../src/points/parse.js';
import { startModbusServer } from '../src/protocols/modbus/server.js';
import { PROTOCOLS } from '../src/protocols/registry.js';
import { Runtime } from '../src/runtime/runtime.js';
import type { Site } from '../src/site/model.js';
import { MemoryStore } from '../src/store/memory/memory-store.js';
import { type Figure, round3 } from './harness.js';

const group = 'Modbus TCP';
const PYTHON = '/usr/bin/python3';
const WARM_MS = 1000;
/** Measuring time of each server, in turns of SLICE_MS. */
const MEASURE_MS = 3000;
const SLICE_MS = 250;
const REGISTERS = 10;

const METER = [
  '# Points de Bench Meter',
  '## Synthèse',
  '- **Total points mesure** : 5',
  '- **Total points commande** : 1',
  '- **Total points état** : 1',
  '## Points de Mesure (Capteurs)',
  '| Point | Tag Haystack | Unité | Plage Typique | Fréquence | Description |',
  '|---|---|---|---|---|---|',
  ...[1, 2, 3].map((n) => `| Voltage L${n} | sensor-elec-volt-point | V | 0-500 | 1s | Tension phase ${n} |`),
  '| Active Power | sensor-elec-power-point | kW | 0-100 | 1s | Puissance active |',
  '| Energy | sensor-elec-energy-point | kWh | 0-1000000 | 1min | Énergie |',
  '## Points de Commande (Actionneurs/Consignes)',
  '| Point | Tag Haystack | Unité | Plage | Type | Description |',
  '|---|---|---|---|---|---|',
  '| Reset Energy | cmd-point | - | RESET | Binaire | Remise à zéro |',
  "## Points d'État",
  '| Point | Tag Haystack | Type | Valeurs | Description |',
  '|---|---|---|---|---|',
  '| Meter Status | status-point | Enum | OK/FAULT | État |',
  '## Mappings Protocoles',
  '| Point | BACnet Object | Modbus Register |',
  '|---|---|---|',
  ...['Voltage L1', 'Voltage L2', 'Voltage L3', 'Active Power', 'Energy'].map(
    (name, i) => `| ${name} | AI${i} | ${40001 + 2 * i}-${40002 + 2 * i} (Float) |`,
  ),
].join('\n');

function meterSite(): Site {
  const parsed = parsePointsList(METER, 'bench-meter.md', PROTOCOLS);
  if (!parsed.profile) throw new Error('the bench meter does not parse');
  return {
    site: { id: 'bench', name: 'Bench', tz: 'UTC', location: null },
    devices: [
      {
        id: 'meter',
        name: 'Meter',
        profileRef: 'bench-meter.md',
        profile: parsed.profile,
        parameters: {},
        source: { kind: 'sim' },
        numbers: { modbus: 1, bacnet: 1 },
        faults: [],
      },
    ],
    server: {},
    store: { engine: 'sqlite', path: null },
    file: null,
  };
}

interface Load {
  requests: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
  failures: number;
  /** Answers, warm-up included. */
  answered: number;
  /** CPU time of the server process per answer, µs (null where it cannot be read). */
  cpuUs?: number | null;
}

/** A server under load: its port, and how much CPU time (ms, every thread) it has used so far. */
interface Served {
  port: number;
  cpuMs(): number | null;
}

/** Clock ticks a second of /proc/<pid>/stat's times (USER_HZ, 100 on Linux). */
const CLOCK_TICKS = 100;

/** CPU time of process `pid` so far (user + system, every thread), ms, or null where /proc cannot tell. */
function cpuMsOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name: state is field 3 of proc(5); utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/**
 * The load generator against 127.0.0.1:`ports` (one result each, in order), unit 1, holding registers 0–9,
 * with `clients` masters per server.
 */
async function load(servers: Served[], clients: number): Promise<Load[]> {
  const before = servers.map((s) => s.cpuMs());
  const loads = await generate(
    servers.map((s) => s.port),
    clients,
  );
  return loads.map((l, i) => {
    const [from, to] = [before[i], servers[i]?.cpuMs()];
    const cpuUs = from == null || to == null || l.answered === 0 ? null : ((to - from) * 1000) / l.answered;
    return { ...l, cpuUs };
  });
}

/** The generator's results, one per port. */
function generate(ports: number[], clients: number): Promise<Load[]> {
  return new Promise((resolve, reject) => {
    const args = [ports.join(','), ...[1, 0, REGISTERS, clients, WARM_MS, MEASURE_MS, SLICE_MS].map(String)];
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/modbus-load.ts', ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve(
            out
              .trim()
              .split('\n')
              .map((line) => JSON.parse(line) as Load),
          )
        : reject(new Error(`the load generator exited ${code}`)),
    );
  });
}

/** The figures of one server; `inTurns` when it was measured in turns with the other. */
function figures(server: string, clients: number, result: Load, inTurns: boolean): Figure[] {
  const what = `FC 3, ${REGISTERS} registers, ${clients} client${clients === 1 ? '' : 's'}`;
  const note = `one request in flight per client, ${MEASURE_MS / 1000} s${inTurns ? ` in turns of ${SLICE_MS} ms with the other server` : ''} after ${WARM_MS / 1000} s warm-up${result.failures ? `, ${result.failures} failed` : ''}`;
  return [
    {
      group,
      name: `${server}: ${what}`,
      value: round3(result.requests / result.seconds),
      unit: 'req/s',
      note,
    },
    { group, name: `${server}: ${what}, p50`, value: round3(result.p50Ms), unit: 'ms' },
    { group, name: `${server}: ${what}, p99`, value: round3(result.p99Ms), unit: 'ms' },
    ...(result.cpuUs == null
      ? []
      : [
          {
            group,
            name: `${server}: ${what}, server CPU`,
            value: round3(result.cpuUs),
            unit: 'µs/req',
            note: 'CPU time of the server process (every thread) per answer, whatever share of the machine it got',
          },
        ]),
  ];
}

/** Pointyard's server (in this process) on a free port until `use` is done. */
async function withPointyard<T>(use: (server: Served) => Promise<T>): Promise<T> {
  const site = meterSite();
  const runtime = await Runtime.open({
    site,
    store: new MemoryStore(),
    clock: new VirtualClock(Date.UTC(2026, 0, 5)),
    seed: 1,
  });
  const server = await startModbusServer({ services: runtime.services, host: '127.0.0.1', port: 0 });
  try {
    return await use({
      port: server.port,
      cpuMs: () => cpuMsOf(process.pid), // read as pymodbus's is, for the same resolution
    });
  } finally {
    await server.close();
    await runtime.stop();
  }
}

/** pymodbus's server on a free port until `use` is done; without pymodbus, `use(null)`. */
async function withPymodbus<T>(use: (server: Served | null) => Promise<T>): Promise<T> {
  const probe = spawnSync(PYTHON, ['-c', 'import pymodbus'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    process.stderr.write(
      `  pymodbus is not installed for ${PYTHON} (apt-get install python3-pymodbus): its figures are left out\n`,
    );
    return use(null);
  }
  const child = spawn(PYTHON, ['bench/pymodbus-server.py', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    let port = 0;
    for await (const line of createInterface({ input: child.stdout })) {
      const m = /^ready (\d+)$/.exec(line);
      if (m) {
        port = Number(m[1]);
        break;
      }
    }
    if (!port) throw new Error('the pymodbus server did not start');
    return await use({ port, cpuMs: () => cpuMsOf(child.pid) });
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/** Per number of clients: Pointyard's load, and pymodbus's (null without pymodbus). */
function loads(): Promise<Map<number, [Load, Load | null]>> {
  return withPointyard((ours) =>
    withPymodbus(async (theirs) => {
      const out = new Map<number, [Load, Load | null]>();
      for (const clients of [1, 16]) {
        const [a, b] = await load(theirs === null ? [ours] : [ours, theirs], clients);
        out.set(clients, [a as Load, b ?? null]);
      }
      return out;
    }),
  );
}

export async function modbusBench(): Promise<Figure[]> {
  const measured = await loads();
  const out: Figure[] = [];
  for (const [clients, [ours, theirs]] of measured) {
    out.push(...figures('Pointyard', clients, ours, theirs !== null));
    if (theirs) out.push(...figures('pymodbus 3.0', clients, theirs, true));
  }
  for (const [clients, [a, b]] of measured) {
    if (!b) continue;
    out.push({
      group,
      name: `Pointyard ÷ pymodbus, ${clients} client${clients === 1 ? '' : 's'}`,
      value: round3(a.requests / a.seconds / (b.requests / b.seconds)),
      unit: '×',
      note: 'requests/s of the same load, measured in turns',
    });
    if (a.cpuUs && b.cpuUs)
      out.push({
        group,
        name: `pymodbus ÷ Pointyard, server CPU per request, ${clients} client${clients === 1 ? '' : 's'}`,
        value: round3(b.cpuUs / a.cpuUs),
        unit: '×',
        note: 'how many times the CPU time Pointyard needs for a request pymodbus needs: the throughput ratio on an idle machine',
      });
  }
  return out;
}
