// PIR detectors through the real runtime in virtual time: Signal Level kept per 100 ms step, every other
// point as time → value, and the device events; shared by the PIR detector's test files.
import assert from 'node:assert/strict';
import type { BehaviourEvent } from '../../src/behaviours/behaviour.js';
import { pirDetectorBehaviour } from '../../src/behaviours/pir-detector/behaviour.js';
import { VirtualClock } from '../../src/core/clock.js';
import type { Value } from '../../src/core/value.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { getOrCreate } from '../../src/util/maps.js';
import { makeSite, T0 } from '../runtime/site-fixture.js';

export const STEP = 100;
export const MINUTE = 60_000;
export const HOUR = 3_600_000;

export type Params = Record<string, unknown>;
export type Series = Map<number, Value>;

/** Detectors run in virtual time; Signal Level kept per 100 ms step, every other point as time → value. */
export async function open(
  devices: Array<[string, Params]>,
  opts: { seed?: number; store?: MemoryStore; start?: number; hours?: number } = {},
) {
  const start = opts.start ?? T0;
  const site = makeSite(devices.map(([id, params]) => [id, 'pir-detector', params]));
  const clock = new VirtualClock(start);
  const steps = Math.round(((opts.hours ?? 1) * HOUR) / STEP) + 1;
  const signal = new Map(devices.map(([id]) => [id, new Float64Array(steps).fill(Number.NaN)]));
  const samples = new Map<string, Series>();
  const events: Array<{ device: string; t: number; event: BehaviourEvent }> = [];
  const runtime = await Runtime.open({
    site,
    store: opts.store ?? new MemoryStore(),
    clock,
    seed: opts.seed ?? 1,
    behaviourFor: () => pirDetectorBehaviour as never,
    sampleSinks: [
      (entry, t, value) => {
        if (entry.point.id === 'signal-level') {
          const i = (t - start) / STEP;
          const list = signal.get(entry.device.id) as Float64Array;
          if (i < list.length) list[i] = value as number;
          return;
        }
        getOrCreate(samples, entry.key, () => new Map() as Series).set(t, value);
      },
    ],
    eventSinks: [(device, t, event) => events.push({ device: device.id, t, event })],
  });
  runtime.start();
  const series = (key: string): Series => samples.get(key) ?? new Map();
  const value = (key: string) => runtime.points.value(runtime.points.indexOf(key) as number);
  /** The SIA events of a device: time, code and zone. */
  const sia = (device: string) =>
    events
      .filter((e) => e.device === device && e.event.kind === 'sia')
      .map((e) => {
        const { code, zone } = e.event.data as { code: string; zone: number };
        return { t: e.t, code, zone };
      });
  const runFor = async (ms: number) => {
    clock.advance(ms);
    await runtime.stop();
  };
  return { runtime, clock, signal, samples, series, events, value, sia, runFor, start };
}

/** Times at which the detection count went up (each by exactly one). */
export function countUps(series: Series): number[] {
  const out: number[] = [];
  let last: number | undefined;
  for (const [t, v] of series) {
    if (last !== undefined) {
      assert.equal(v, last + 1, `Detection Count steps by one at ${t}`);
      out.push(t);
    }
    last = v as number;
  }
  return out;
}

/** Alarm episodes from detections and the hold time: [first detection, end of hold after the last one]. */
export function episodes(
  detections: number[],
  holdMs: number,
): Array<{ from: number; to: number; hits: number[] }> {
  const out: Array<{ from: number; to: number; hits: number[] }> = [];
  for (const d of detections) {
    const last = out.at(-1);
    if (last && d < last.to) {
      last.to = d + holdMs;
      last.hits.push(d);
    } else out.push({ from: d, to: d + holdMs, hits: [d] });
  }
  return out;
}
