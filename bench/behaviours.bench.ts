// Behaviour figures: virtual-time steps/s of each device type's behaviour through the real runtime, and the
// wall time of `pointyard simulate` for the demo site's 24 hours (CSV output included).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock } from '../src/core/clock.js';
import { builtinProfiles } from '../src/points/load.js';
import type { Profile } from '../src/points/model.js';
import { PROTOCOLS } from '../src/protocols/registry.js';
import { periodOf } from '../src/runtime/device-runner.js';
import { Runtime } from '../src/runtime/runtime.js';
import type { Site } from '../src/site/model.js';
import { MemoryStore } from '../src/store/memory/memory-store.js';
import { type Figure, round3 } from './harness.js';

const group = 'Behaviours';
const DEVICES = 50;

function siteOf(profile: Profile): Site {
  return {
    site: { id: 'bench', name: 'Bench', tz: 'Europe/Paris', location: null },
    devices: Array.from({ length: DEVICES }, (_, i) => ({
      id: `${profile.id}-${i}`,
      name: `${profile.name} ${i}`,
      profileRef: profile.id,
      profile,
      parameters: {},
      source: { kind: 'sim' as const },
      numbers: { modbus: i + 1, bacnet: 1000 + i },
      faults: [],
    })),
    server: {},
    store: { engine: 'sqlite', path: null },
    file: null,
  };
}

async function stepsPerSecond(profile: Profile): Promise<Figure> {
  const site = siteOf(profile);
  const period = periodOf(site.devices[0] as Site['devices'][0]);
  // Enough simulated time for about 200,000 steps.
  const simulatedMs = Math.max(60_000, Math.round((200_000 / DEVICES) * period));
  const clock = new VirtualClock(Date.UTC(2026, 0, 5, 6));
  const runtime = await Runtime.open({ site, store: new MemoryStore(), clock, seed: 1 });
  runtime.start();
  const t = performance.now();
  clock.advance(simulatedMs);
  const wall = (performance.now() - t) / 1000;
  await runtime.stop();
  const steps = (DEVICES * simulatedMs) / period;
  return {
    group,
    name: `${profile.name}: steps/s`,
    value: round3(steps / wall),
    unit: 'steps/s',
    note: `${DEVICES} devices stepping every ${period} ms, ${round3(simulatedMs / 60_000)} simulated min`,
  };
}

function demoDay(): Figure {
  const out = mkdtempSync(join(tmpdir(), 'pointyard-bench-demo-'));
  try {
    const args = ['bin/pointyard.js', 'simulate', '--site', 'demo', '--duration', '24h', '--seed', '42'];
    const run = spawnSync(process.execPath, [...args, '--start', '2026-01-05T00:00:00+01:00', '--out', out], {
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(run.stderr);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    return {
      group,
      name: 'simulate the demo site, 24 h',
      value: round3(summary.wallSeconds),
      unit: 's wall time',
      note: `${summary.devices} devices, ${summary.samples.toLocaleString('en')} samples written to CSV`,
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export async function behavioursBench(): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const { profile } of builtinProfiles(PROTOCOLS))
    if (profile) figures.push(await stepsPerSecond(profile));
  figures.push(demoDay());
  return figures;
}
