// hisRead roll-ups from the store's roll-ups are those from the samples, to the bit: a property over random
// samples (NaN and repeated times included, appended, merged and flushed in any order) in a real SQLite
// store, random zones, intervals of whole minutes, hours and days, every rollup and random ranges.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { HNum, HStr } from 'haystack-core';
import { builtinProfiles } from '../../points/load.js';
import type { Point, Profile } from '../../points/model.js';
import { SqliteStore } from '../../store/sqlite/sqlite-store.js';
import { PROTOCOLS } from '../registry.js';
import { ROLLUPS, type RollupSpec, rollUp, rollupSpec } from './his-rollup.js';
import { storedRollUp } from './his-rollup-read.js';

const NUMBER = builtinProfiles(PROTOCOLS)
  .flatMap((l) => (l.profile as Profile).points)
  .find((p) => p.type === 'number') as Point;
const root = mkdtempSync(join(tmpdir(), 'pointyard-his-rollup-read-'));
after(() => rmSync(root, { recursive: true, force: true }));

const START = Date.UTC(2026, 2, 28, 12); // around the European spring change
const SPAN = 3 * 86_400_000;
const ZONES = ['Europe/Paris', 'UTC', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu'];
const INTERVALS: Array<[number, string]> = [
  [1, 'min'],
  [5, 'min'],
  [7, 'min'],
  [45, 'min'],
  [1, 'h'],
  [3, 'h'],
  [7, 'h'],
  [1, 'day'],
  [2, 'day'],
];
const specOf = ([n, unit]: [number, string], rollup: string) =>
  rollupSpec(HNum.make(n, unit), HStr.make(rollup)) as RollupSpec;

test('property: a roll-up read from stored roll-ups equals the roll-up of the samples', async () => {
  const store = new SqliteStore(join(root, 'data'), { chunkSamples: 64, chunkSpanMs: 3 * 3_600_000 });
  try {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            t: fc.integer({ min: 0, max: SPAN / 1000 }).map((s) => START + s * 1000),
            v: fc.oneof(
              { weight: 30, arbitrary: fc.double({ min: -1e9, max: 1e9, noNaN: true }) },
              { weight: 1, arbitrary: fc.constant(Number.NaN) },
            ),
            how: fc.constantFrom('append', 'merge', 'flush'),
          }),
          { maxLength: 300 },
        ),
        fc.constantFrom(...ZONES),
        fc.constantFrom(...INTERVALS),
        fc.constantFrom(...ROLLUPS),
        fc.tuple(fc.integer({ min: -3600, max: SPAN / 1000 }), fc.integer({ min: 0, max: SPAN / 1000 })),
        async (writes, tz, interval, rollup, [a, b]) => {
          const key = `p.${run++}`;
          for (const w of writes) {
            if (w.how === 'append') store.history.append(key, w.t, w.v);
            else if (w.how === 'merge') await store.history.merge([{ key, samples: [{ t: w.t, v: w.v }] }]);
            else await store.history.flush();
          }
          const from = START + Math.min(a, b) * 1000 + 13;
          const to = START + Math.max(a, b) * 1000 + 3_600_000;
          const spec = specOf(interval, rollup);
          const samples = await store.history.read(key, from, to);
          const raw = rollUp(
            samples.map((s) => s.t),
            samples.map((s) => s.v),
            NUMBER,
            spec,
            tz,
            from,
          );
          const read = (level: 'minute' | 'hour') => store.history.readRollups(key, level, from, to);
          const stored = (await storedRollUp(read, spec, tz, from)) ?? raw;
          assert.deepEqual(stored, raw);
        },
      ),
      { numRuns: 150 },
    );
  } finally {
    await store.close();
  }
});
