// Conformance: history roll-ups and retention. The 1-minute and 1-hour roll-ups a store reads are the
// buckets of the samples it reads, whatever was appended, merged, flushed or reopened in between (a property
// over random samples, NaN included); whole old chunks of samples go by retention in batches and their
// roll-ups stay, until the roll-ups' own retention deletes them.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { bucketsOf, HOUR_MS, MINUTE_MS, type RollupLevel } from '../history/rollup-buckets.js';
import type { Sample, Store } from '../store.js';
import { type EngineUnderTest, withSession } from './engine.js';

const LEVELS: RollupLevel[] = ['minute', 'hour'];

/** The store's roll-ups of [from, to) equal the buckets of the samples it reads there. */
async function assertRollupsOfSamples(store: Store, key: string, from: number, to: number, note: string) {
  const samples = await store.history.read(key, from, to);
  for (const level of LEVELS)
    assert.deepEqual(
      await store.history.readRollups(key, level, from, to),
      bucketsOf(samples, level),
      `${note}: ${level} roll-ups of [${from}, ${to})`,
    );
}

/** A step of the property: samples appended or merged, a flush, or (for an engine that keeps data) a reopen. */
type Step =
  | { kind: 'append'; samples: Array<[number, number]> }
  | { kind: 'merge'; samples: Array<[number, number]> }
  | { kind: 'flush' }
  | { kind: 'reopen' };

const BASE = Date.UTC(2026, 0, 5);
/** Times over three hours, in whole seconds and a few ms, so that minutes hold several samples. */
const time = fc.integer({ min: 0, max: 3 * 3600 }).map((s) => BASE + s * 1000);
const value = fc.oneof(
  { weight: 20, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
  { weight: 1, arbitrary: fc.constant(Number.NaN) },
);
const samples = fc.array(fc.tuple(time, value), { minLength: 1, maxLength: 40 });
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: samples.map((s) => ({ kind: 'append' as const, samples: s })) },
  { weight: 2, arbitrary: samples.map((s) => ({ kind: 'merge' as const, samples: s })) },
  { weight: 2, arbitrary: fc.constant({ kind: 'flush' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'reopen' as const }) },
);
const range = fc.tuple(fc.integer({ min: -3600, max: 4 * 3600 }), fc.integer({ min: -3600, max: 4 * 3600 }));

const series = (pairs: Array<[number, number]>): Sample[] => pairs.map(([t, v]) => ({ t, v }));

export function historyRollupConformance(engine: EngineUnderTest): void {
  describe('history roll-ups and retention', () => {
    test('minute and hour roll-ups: count, sum, min, max, first and last with their times, after a reopen too', async () => {
      await withSession(engine, async (session) => {
        let store = session.store;
        const t0 = BASE + 5 * MINUTE_MS;
        store.history.append('a.temp', t0, 4);
        store.history.append('a.temp', t0 + 10_000, 1);
        store.history.append('a.temp', t0 + 20_000, 7);
        store.history.append('a.temp', t0 + MINUTE_MS, 2);
        store.history.append('a.temp', t0 + HOUR_MS, 3);
        await store.history.flush();
        for (const when of ['flushed', 'reopened']) {
          if (when === 'reopened') store = await session.reopen();
          const minute = (
            start: number,
            n: number,
            sum: number,
            min: number,
            max: number,
            f: Sample,
            l: Sample,
          ) => ({
            start,
            count: n,
            sum,
            min,
            max,
            first: f.v,
            firstT: f.t,
            last: l.v,
            lastT: l.t,
          });
          assert.deepEqual(await store.history.readRollups('a.temp', 'minute', BASE, BASE + 2 * HOUR_MS), [
            minute(t0, 3, 12, 1, 7, { t: t0, v: 4 }, { t: t0 + 20_000, v: 7 }),
            minute(t0 + MINUTE_MS, 1, 2, 2, 2, { t: t0 + MINUTE_MS, v: 2 }, { t: t0 + MINUTE_MS, v: 2 }),
            minute(t0 + HOUR_MS, 1, 3, 3, 3, { t: t0 + HOUR_MS, v: 3 }, { t: t0 + HOUR_MS, v: 3 }),
          ]);
          assert.deepEqual(await store.history.readRollups('a.temp', 'hour', BASE, BASE + 2 * HOUR_MS), [
            minute(BASE, 4, 14, 1, 7, { t: t0, v: 4 }, { t: t0 + MINUTE_MS, v: 2 }),
            minute(BASE + HOUR_MS, 1, 3, 3, 3, { t: t0 + HOUR_MS, v: 3 }, { t: t0 + HOUR_MS, v: 3 }),
          ]);
          assert.deepEqual(
            await store.history.readRollups('no.such-point', 'hour', BASE, BASE + HOUR_MS),
            [],
          );
        }
      });
    });

    test('a merge of old samples updates the buckets it falls in, after a reopen too', async () => {
      await withSession(engine, async (session) => {
        for (let i = 0; i < 120; i++) session.store.history.append('a.temp', BASE + i * 30_000, i);
        await session.store.history.flush();
        const store = await session.reopen();
        await store.history.merge([
          {
            key: 'a.temp',
            samples: series([
              [BASE + 15_000, Number.NaN],
              [BASE, 100],
            ]),
          },
        ]);
        const [first] = await store.history.readRollups('a.temp', 'minute', BASE, BASE + HOUR_MS);
        assert.equal(first?.count, 3);
        assert.ok(Number.isNaN(first?.sum), 'a NaN sample makes the sum NaN');
        assert.equal(first?.first, 100);
        await assertRollupsOfSamples(store, 'a.temp', BASE - HOUR_MS, BASE + 2 * HOUR_MS, 'after the merge');
        await assertRollupsOfSamples(await session.reopen(), 'a.temp', BASE, BASE + 2 * HOUR_MS, 'reopened');
      });
    });

    test('property: stored roll-ups are the buckets of the samples, through appends, merges, flushes, reopens', async () => {
      await withSession(engine, async (session) => {
        let run = 0;
        await fc.assert(
          fc.asyncProperty(
            fc.array(step, { minLength: 1, maxLength: 8 }),
            fc.array(range, { minLength: 1, maxLength: 4 }),
            async (steps, ranges) => {
              const key = `p.${run++}`;
              for (const s of steps) {
                const store = session.store;
                if (s.kind === 'append') for (const [t, v] of s.samples) store.history.append(key, t, v);
                else if (s.kind === 'merge') await store.history.merge([{ key, samples: series(s.samples) }]);
                else if (s.kind === 'flush') await store.history.flush();
                else await session.reopen();
              }
              for (const [a, b] of ranges) {
                const from = BASE + Math.min(a, b) * 1000 + 7;
                const to = BASE + Math.max(a, b) * 1000;
                await assertRollupsOfSamples(session.store, key, from, to, `steps ${JSON.stringify(steps)}`);
              }
              await assertRollupsOfSamples(session.store, key, -1e15, 1e15, 'everything');
              await assertRollupsOfSamples(await session.reopen(), key, -1e15, 1e15, 'everything, reopened');
            },
          ),
          { numRuns: 25 },
        );
      });
    });

    test('retention deletes whole old chunks in batches; their roll-ups stay until their own retention', async () => {
      await withSession(engine, async (session) => {
        for (let i = 0; i < 20; i++) session.store.history.append('a.temp', BASE + i * 20_000, i);
        for (let i = 0; i < 20; i++)
          session.store.history.append('a.temp', BASE + 10 * HOUR_MS + i * 20_000, 100 + i);
        await session.store.history.flush();
        const before = BASE + 5 * HOUR_MS;
        const hours = await session.store.history.readRollups('a.temp', 'hour', BASE, BASE + 11 * HOUR_MS);
        assert.equal(hours.length, 2);
        const first = await session.store.history.pruneSamples(before, 1);
        assert.equal(first, 1, 'one chunk (or sample) a batch');
        let deleted = first;
        for (let i = 0; i < 100; i++) {
          const n = await session.store.history.pruneSamples(before, 1000);
          deleted += n;
          if (n === 0) break;
        }
        assert.ok(deleted > 1);
        const store = await session.reopen();
        assert.deepEqual(
          (await store.history.read('a.temp', -1e15, 1e15)).map((s) => s.v),
          Array.from({ length: 20 }, (_, i) => 100 + i),
          'the samples past retention are gone, the others kept',
        );
        assert.deepEqual(
          await store.history.readRollups('a.temp', 'hour', BASE, BASE + 11 * HOUR_MS),
          hours,
          'the roll-ups outlive the samples',
        );
        assert.equal((await store.history.readRollups('a.temp', 'minute', BASE, BASE + HOUR_MS)).length, 7);
        assert.equal(await store.history.pruneSamples(before, 1000), 0, 'nothing more to delete');
        assert.equal(await store.history.pruneRollups(before, 1000), 1, 'the old hour');
        assert.equal(await store.history.pruneRollups(before, 1000), 0);
        assert.deepEqual(
          await store.history.readRollups('a.temp', 'hour', BASE, BASE + 11 * HOUR_MS),
          hours.slice(1),
        );
        store.history.append('a.temp', BASE + 10 * HOUR_MS + 30 * MINUTE_MS, 1);
        await store.history.flush();
        await assertRollupsOfSamples(store, 'a.temp', before, BASE + 11 * HOUR_MS, 'writes go on');
      });
    });
  });
}
