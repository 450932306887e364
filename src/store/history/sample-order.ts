// Samples in time order, one per time: the rules every history engine keeps when samples are merged.
// A later write of the same time replaces the earlier one (last write wins).

import type { Sample } from '../store.js';

/** The samples of a time → value map, by time. */
export function sortedSamples(byTime: Map<number, number>): Sample[] {
  const out: Sample[] = [];
  for (const [t, v] of byTime) out.push({ t, v });
  return out.sort((a, b) => a.t - b.t);
}

/** Two runs, each by time and one per time, as one; `newer` wins at a time both have. */
export function mergeSamples(older: Sample[], newer: Sample[]): Sample[] {
  const out: Sample[] = [];
  let i = 0;
  let j = 0;
  while (i < older.length || j < newer.length) {
    const a = older[i];
    const b = newer[j];
    if (b === undefined || (a !== undefined && a.t < b.t)) {
      out.push(a as Sample);
      i++;
    } else {
      if (a !== undefined && a.t === b.t) i++;
      out.push(b);
      j++;
    }
  }
  return out;
}

/** By time and one per time, keeping the later of two samples at one time (an already ordered run is kept as is). */
export function inTimeOrder(samples: Sample[]): Sample[] {
  let ordered = true;
  for (let i = 1; i < samples.length && ordered; i++)
    ordered = (samples[i] as Sample).t > (samples[i - 1] as Sample).t;
  if (ordered) return samples;
  const byTime = new Map<number, number>();
  for (const s of samples) byTime.set(s.t, s.v);
  return sortedSamples(byTime);
}

/** `base` (read from chunks) with the `late` samples in [from, to) laid over it, by time, one per time. */
export function overlaySamples(
  base: Sample[],
  late: Map<number, number>,
  from: number,
  to: number,
): Sample[] {
  const ordered = inTimeOrder(base);
  if (late.size === 0) return ordered;
  const over: Sample[] = [];
  for (const [t, v] of late) if (t >= from && t < to) over.push({ t, v });
  return over.length === 0
    ? ordered
    : mergeSamples(
        ordered,
        over.sort((a, b) => a.t - b.t),
      );
}

/** Runs of at most `samples` samples spanning less than `spanMs` each, in order: the chunks of a merged range. */
export function splitRuns(all: Sample[], limits: { samples: number; spanMs: number }): Sample[][] {
  const runs: Sample[][] = [];
  let run: Sample[] = [];
  for (const s of all) {
    const first = run[0];
    if (first !== undefined && (run.length >= limits.samples || s.t - first.t >= limits.spanMs)) {
      runs.push(run);
      run = [];
    }
    run.push(s);
  }
  if (run.length > 0) runs.push(run);
  return runs;
}
