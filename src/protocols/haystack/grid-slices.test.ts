// Sliced encoding writes exactly what haystack-core writes for the whole grid, in Zinc and JSON.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { HDict, HGrid, HMarker, HNum, HStr } from 'haystack-core';
import { VirtualClock } from '../../core/clock.js';
import { Runtime } from '../../runtime/runtime.js';
import { loadSite } from '../../site/load.js';
import { MemoryStore } from '../../store/memory/memory-store.js';
import { PROTOCOLS } from '../registry.js';
import { encodeGrid } from './content.js';
import { encodeInSlices, ROWS_PER_SLICE } from './grid-slices.js';
import { SiteRecords } from './records.js';

const { site } = loadSite('sites/demo.yaml', PROTOCOLS);
if (!site) throw new Error('the demo site does not load');
const runtime = await Runtime.open({ site, store: new MemoryStore(), clock: new VirtualClock(0), seed: 1 });
after(() => runtime.stop());
const records = new SiteRecords(site, runtime.services, PROTOCOLS);
const dicts = records.all.map((r) => records.dict(r));

test('the demo site read several times over: the same text as encoding it whole', async () => {
  const rows: HDict[] = [];
  while (rows.length <= 3 * ROWS_PER_SLICE) rows.push(...dicts);
  const grid = HGrid.make({ meta: HDict.make({ note: HStr.make('a "quoted" meta') }), rows });
  grid.getColumns()[1]?.meta.set('colMeta', HMarker.make());
  for (const format of ['zinc', 'json'] as const)
    assert.equal(await encodeInSlices(grid, format), encodeGrid(grid, format), format);
});

test('a column only the last slice has, and one only the first has', async () => {
  const rows = Array.from({ length: 2 * ROWS_PER_SLICE + 5 }, (_, i) =>
    HDict.make(
      i === 0
        ? { first: HMarker.make() }
        : i === 2 * ROWS_PER_SLICE + 4
          ? { last: HNum.make(i) }
          : { n: HNum.make(i) },
    ),
  );
  const grid = HGrid.make({ rows });
  for (const format of ['zinc', 'json'] as const)
    assert.equal(await encodeInSlices(grid, format), encodeGrid(grid, format), format);
});

test('generated grids: columns missing from whole slices, nulls, units, text needing escapes', async () => {
  const cell = fc.oneof(
    fc.constant(undefined),
    fc.string().map((s) => HStr.make(s)),
    fc.double({ noNaN: true }).map((n) => HNum.make(n, 'kW')),
    fc.constant(HMarker.make()),
  );
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.dictionary(fc.constantFrom('a', 'b', 'c', 'dis'), cell), {
        minLength: ROWS_PER_SLICE + 1,
        maxLength: 2500,
      }),
      async (raw) => {
        const rows = raw.map((r) =>
          HDict.make(Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as never),
        );
        const grid = HGrid.make({ rows });
        for (const format of ['zinc', 'json'] as const)
          assert.equal(await encodeInSlices(grid, format), encodeGrid(grid, format), format);
      },
    ),
    { numRuns: 25 },
  );
});

test('the event loop gets turns while a large grid is encoded (a baseline from the same run)', async () => {
  const rows: HDict[] = [];
  while (rows.length < 20 * ROWS_PER_SLICE) rows.push(...dicts);
  const grid = HGrid.make({ rows });
  // Turns of the event loop while the encoding runs: the longest wait between two.
  let longest = 0;
  let last = performance.now();
  let running = true;
  const tick = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  const start = performance.now();
  const text = await encodeInSlices(grid, 'json');
  const total = performance.now() - start;
  running = false;
  assert.ok(text.length > 1_000_000);
  assert.ok(longest < total / 2, `the event loop waited ${longest.toFixed(0)} ms of ${total.toFixed(0)} ms`);
});
