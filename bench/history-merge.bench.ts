// History merge figures: what a sample that is not the latest costs. A hisWrite of one old sample into a
// day of 1 s history (decode, merge and re-encode the one chunk it falls in, in the save's transaction), and
// live ingest of points that hold a future sample (every live sample merged at the next save) beside the
// same ingest without one, measured in the same run.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { type Figure, round3 } from './harness.js';

const group = 'History merge';
const T0 = Date.UTC(2026, 0, 5);
const DAY_SAMPLES = 86_400;
const MERGES = 200;
const SERIES = 1000;
const STEPS = 100;
/** Samples per series between two saves: the runtime saves every 10 s. */
const SAVE_EVERY = 10;

const valueAt = (i: number) => Math.round((20 + 5 * Math.sin(i / 300)) * 100) / 100;

/** Mean ms of a one-sample merge at a spread of places in a day of 1 s samples. */
async function oneSampleMerge(dir: string): Promise<number> {
  const store = new SqliteStore(dir);
  for (let i = 0; i < DAY_SAMPLES; i++) store.history.append('day.temp', T0 + i * 1000, valueAt(i));
  await store.history.flush();
  const t = performance.now();
  for (let k = 0; k < MERGES; k++) {
    const at = T0 + ((k * 7919) % DAY_SAMPLES) * 1000 + 500; // between two samples
    await store.history.merge([{ key: 'day.temp', samples: [{ t: at, v: 1 }] }]);
  }
  const ms = (performance.now() - t) / MERGES;
  const back = await store.history.read('day.temp', T0, T0 + 86_400_000);
  if (back.length !== DAY_SAMPLES + MERGES) throw new Error(`read ${back.length} samples`);
  await store.close();
  return ms;
}

/** Live samples/s of SERIES points, saved every SAVE_EVERY samples; `future`: each holds a sample an hour ahead. */
async function liveIngest(dir: string, future: boolean): Promise<number> {
  const store = new SqliteStore(dir);
  for (let s = 0; s < SERIES; s++) store.history.append(`dev-${s}.temp`, T0 - 1000, 0);
  if (future)
    await store.history.merge(
      Array.from({ length: SERIES }, (_, s) => ({
        key: `dev-${s}.temp`,
        samples: [{ t: T0 + 3_600_000, v: 1 }],
      })),
    );
  await store.history.flush();
  const t = performance.now();
  for (let i = 0; i < STEPS; i++) {
    for (let s = 0; s < SERIES; s++) store.history.append(`dev-${s}.temp`, T0 + i * 1000, valueAt(i + s));
    if ((i + 1) % SAVE_EVERY === 0) await store.history.flush();
  }
  const rate = (SERIES * STEPS) / ((performance.now() - t) / 1000);
  const back = await store.history.read('dev-7.temp', T0 - 1000, T0 + 7_200_000);
  if (back.length !== STEPS + 1 + (future ? 1 : 0)) throw new Error(`read ${back.length} samples`);
  await store.close();
  return rate;
}

export async function historyMergeBench(): Promise<Figure[]> {
  const root = mkdtempSync(join(tmpdir(), 'pointyard-bench-merge-'));
  try {
    const merge = await oneSampleMerge(join(root, 'day'));
    const plain = await liveIngest(join(root, 'plain'), false);
    const ahead = await liveIngest(join(root, 'future'), true);
    return [
      {
        group,
        name: 'hisWrite of one old sample into a day at 1 s',
        value: round3(merge),
        unit: 'ms',
        note: `mean of ${MERGES}, saved to disk: one chunk re-encoded`,
      },
      {
        group,
        name: 'live ingest, points without a future sample (baseline)',
        value: round3(plain),
        unit: 'samples/s',
        note: `${SERIES} points × ${STEPS} samples, saved every ${SAVE_EVERY}`,
      },
      {
        group,
        name: 'live ingest, points holding a future sample',
        value: round3(ahead),
        unit: 'samples/s',
        note: 'every live sample merged into its chunk at the next save',
      },
    ];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
