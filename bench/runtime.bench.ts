// Runtime figures: virtual-time simulation throughput, write-path latency and committed writes/s, and
// the CPU and memory of `pointyard start` in real time.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { RealClock, VirtualClock } from '../src/core/clock.js';
import { Runtime } from '../src/runtime/runtime.js';
import { MemoryStore } from '../src/store/memory/memory-store.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { type Figure, round3 } from './harness.js';
import { benchSite, benchSiteFile } from './sites.js';

const group = 'Runtime';

async function simulationThroughput(devices: number, simulatedMs: number): Promise<Figure[]> {
  const site = benchSite(devices);
  const clock = new VirtualClock(Date.UTC(2026, 0, 5));
  let updates = 0;
  const runtime = await Runtime.open({
    site,
    store: new MemoryStore(),
    clock,
    seed: 1,
    sampleSinks: [() => updates++],
  });
  runtime.start();
  const t = performance.now();
  clock.advance(simulatedMs);
  const wall = (performance.now() - t) / 1000;
  await runtime.stop();
  const points = runtime.points.size;
  return [
    {
      group,
      name: `virtual-time simulation, ${devices} devices (${points} points)`,
      value: round3(updates / wall),
      unit: 'point updates/s',
      note: `${simulatedMs / 60_000} simulated min in ${round3(wall)} s: ${round3(simulatedMs / 1000 / wall)}× real time`,
    },
  ];
}

async function writePath(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pointyard-bench-'));
  try {
    const store = new SqliteStore(dir);
    const runtime = await Runtime.open({ site: benchSite(10), store, clock: new RealClock(), seed: 1 });
    const key = runtime.points.entries.find((e) => e.point.id === 'max-current-limit')?.key as string;
    const latencies: number[] = [];
    for (let i = 0; i < 400; i++) {
      const t = performance.now();
      const result = await runtime.writes.write({
        key,
        value: 6 + (i % 27),
        who: 'bench',
        role: 'admin',
        via: 'bench',
      });
      if (!result.ok) throw new Error(result.message);
      latencies.push(performance.now() - t);
    }
    latencies.sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.floor(q * latencies.length)] as number;
    const burst = 200;
    const rounds = 20;
    const t = performance.now();
    for (let r = 0; r < rounds; r++) {
      await Promise.all(
        Array.from({ length: burst }, (_, i) =>
          runtime.writes.write({
            key,
            value: 6 + (i % 27),
            level: 1 + (i % 16),
            who: 'bench',
            role: 'admin',
            via: 'bench',
          }),
        ),
      );
    }
    const perSecond = (burst * rounds) / ((performance.now() - t) / 1000);
    await runtime.stop();
    await store.close();
    return [
      {
        group,
        name: 'write path latency, one write at a time',
        value: round3(at(0.5)),
        unit: 'ms (p50)',
        note: `p99 ${round3(at(0.99))} ms; SQLite, synced at every commit`,
      },
      {
        group,
        name: 'committed writes/s, 200 concurrent writers',
        value: round3(perSecond),
        unit: 'writes/s',
        note: 'group commit: one transaction per turn',
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** CPU time (user + system, s) and resident memory (MiB) of a process, from /proc. */
function processUsage(pid: number): { cpu: number; rssMiB: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const rssPages = Number(fields[21]);
  return { cpu: ticks / 100, rssMiB: (rssPages * 4096) / 2 ** 20 };
}

async function startUsage(devices: number, seconds: number): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pointyard-bench-start-'));
  try {
    const file = benchSiteFile(dir, devices);
    const child = spawn(
      process.execPath,
      ['bin/pointyard.js', 'start', '--site', file, '--data', join(dir, 'data'), '--log-level', 'warn'],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    for await (const line of createInterface({ input: child.stderr }))
      if (line.startsWith('Pointyard is running')) break;
    const pid = child.pid as number;
    const before = processUsage(pid);
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    const afterUsage = processUsage(pid);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    const cpu = ((afterUsage.cpu - before.cpu) / seconds) * 100;
    return [
      {
        group,
        name: `start in real time, ${devices} devices: CPU`,
        value: round3(cpu),
        unit: '% of one core',
        note: `over ${seconds} s, history on`,
      },
      {
        group,
        name: `start in real time, ${devices} devices: memory`,
        value: round3(afterUsage.rssMiB),
        unit: 'MiB RSS',
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runtimeBench(): Promise<Figure[]> {
  return [
    ...(await simulationThroughput(1000, 10 * 60_000)),
    ...(await writePath()),
    ...(await startUsage(100, 10)),
    ...(await startUsage(1000, 10)),
  ];
}
