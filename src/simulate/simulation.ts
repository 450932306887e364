// `pointyard simulate`: runs a site in virtual time, as fast as possible, and writes the data set:
// history.csv (ts,device,point,value), events.csv and summary.json. Filters choose what is written, never
// what is simulated, so a filtered data set is a subset of the full one.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VirtualClock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { formatValue } from '../core/value.js';
import { simulatedEffects } from '../parking/effects.js';
import { SimulatedEnvironment } from '../parking/simulated-environment.js';
import { PROTOCOLS } from '../protocols/registry.js';
import type { SimulationRun } from '../protocols/simulation-part.js';
import { Runtime } from '../runtime/runtime.js';
import type { Site } from '../site/model.js';
import { openStore } from '../store/open.js';
import { globMatcher } from '../util/glob.js';
import { CsvFile, csv } from './csv-file.js';
import { plotCollector } from './plots.js';

export interface SimulateOptions {
  site: Site;
  seed: string;
  /** Simulation start, epoch ms. */
  start: number;
  durationMs: number;
  outDir: string;
  /** Wildcards on device ids and point ids (e.g. `pir-*`, `level,volume`). */
  devices?: string;
  points?: string;
  gzip?: boolean;
  /** Also draw the first device of each device type as SVG trends in `<out>/plots/<profile>.svg`. */
  plot?: boolean;
  /** Called now and then with the fraction done and the samples written so far. */
  onProgress?: (fraction: number, samples: number) => void;
}

export interface SimulationSummary {
  site: string;
  seed: string;
  start: string;
  end: string;
  devices: number;
  points: number;
  samples: number;
  events: number;
  simulatedSeconds: number;
  wallSeconds: number;
  samplesPerSecond: number;
  files: string[];
}

/** Simulated time between progress reports and output flushes. */
const SLICE_MS = 3_600_000;
/** How far virtual time moves between two hand-overs of the plug-ins' in-memory exchanges. */
const EXCHANGE_STEP_MS = 1000;
const QUIET: Logger = { info() {}, warn() {}, error() {} };

/** Lets the exchanges under way finish: their promises, then what they put off to the next turn. */
async function exchanges(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
}

export async function simulate(options: SimulateOptions): Promise<SimulationSummary> {
  const wallStart = performance.now();
  mkdirSync(options.outDir, { recursive: true });
  const ext = options.gzip ? '.csv.gz' : '.csv';
  const history = new CsvFile(
    join(options.outDir, `history${ext}`),
    'ts,device,point,value',
    options.gzip ?? false,
  );
  const events = new CsvFile(
    join(options.outDir, `events${ext}`),
    'ts,device,point,kind,message',
    options.gzip ?? false,
  );
  const wantDevice = globMatcher(options.devices);
  const wantPoint = globMatcher(options.points);
  let samples = 0;
  let eventCount = 0;
  // Many points share a timestamp: format each instant once.
  let lastT = Number.NaN;
  let lastIso = '';
  const iso = (t: number) => {
    if (t !== lastT) {
      lastT = t;
      lastIso = new Date(t).toISOString();
    }
    return lastIso;
  };
  const selected = new Map<string, string | null>();
  const prefix = (deviceId: string, pointId: string, key: string): string | null => {
    let p = selected.get(key);
    if (p === undefined) {
      p = wantDevice(deviceId) && wantPoint(pointId) ? `${csv(deviceId)},${csv(pointId)},` : null;
      selected.set(key, p);
    }
    return p;
  };

  const plotted = options.plot ? plotCollector(options.site) : null;
  const clock = new VirtualClock(options.start);
  const runtime = await Runtime.open({
    site: options.site,
    // Its output is files: the store keeps nothing.
    store: await openStore({ engine: 'memory' }),
    clock,
    seed: options.seed,
    persistEveryMs: SLICE_MS,
    environment: new SimulatedEnvironment(options.site),
    effects: simulatedEffects,
    sampleSinks: [
      (entry, t, value) => {
        plotted?.add(entry, t, value);
        const p = prefix(entry.device.id, entry.point.id, entry.key);
        if (p === null) return;
        history.line(`${iso(t)},${p}${csv(formatValue(value))}`);
        samples++;
      },
    ],
    eventSinks: [
      (device, t, event) => {
        if (!wantDevice(device.id)) return;
        events.line(
          [iso(t), csv(device.id), csv(event.point ?? ''), csv(event.kind), csv(event.message)].join(','),
        );
        eventCount++;
      },
    ],
  });
  runtime.start();
  // The plug-ins' exchanges in memory (OCPP's CSMS and charge points): virtual time then moves a step at a
  // time, and what they send each other is handed over between steps, as it would be in real time.
  const runs: SimulationRun[] = [];
  for (const plugin of PROTOCOLS) {
    const run = await plugin.simulation?.start(runtime.services, QUIET);
    if (run) runs.push(run);
  }
  const end = options.start + options.durationMs;
  for (let t = options.start; t < end; ) {
    t = Math.min(end, t + SLICE_MS);
    if (runs.length === 0) clock.advanceTo(t);
    else
      for (let step = clock.now() + EXCHANGE_STEP_MS; ; step += EXCHANGE_STEP_MS) {
        clock.advanceTo(Math.min(step, t));
        await exchanges();
        if (step >= t) break;
      }
    await history.drain();
    await events.drain();
    options.onProgress?.((t - options.start) / options.durationMs, samples);
  }
  for (const run of runs) await run.close();
  await runtime.stop();
  await history.close();
  await events.close();

  const plots = plotted ? plotted.write(options.outDir, options.start, end) : [];
  const wallSeconds = (performance.now() - wallStart) / 1000;
  const summary: SimulationSummary = {
    site: options.site.site.id,
    seed: options.seed,
    start: new Date(options.start).toISOString(),
    end: new Date(end).toISOString(),
    devices: options.site.devices.filter((d) => wantDevice(d.id)).length,
    points: runtime.points.entries.filter((e) => wantDevice(e.device.id) && wantPoint(e.point.id)).length,
    samples,
    events: eventCount,
    simulatedSeconds: options.durationMs / 1000,
    wallSeconds: Number(wallSeconds.toFixed(3)),
    samplesPerSecond: Math.round(samples / Math.max(wallSeconds, 1e-9)),
    files: [`history${ext}`, `events${ext}`, 'summary.json', ...plots],
  };
  writeFileSync(join(options.outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}
