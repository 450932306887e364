// Filter literals as Haxall reads them, on generated values: a unit written by any of its ids is the same
// unit, a DateTime is its instant in any zone, a Uri reads back as the value it was written from; and the
// Zinc writer is haystack-core's, display names of Refs aside.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { HDict, HGrid, HList, HNum, HRef, HStr, HUri, ZincReader } from 'haystack-core';
import { HAYSTACK_UNIT_IDS } from '../../points/data/haystack-units.js';
import { decodeBody } from './content.js';
import { haystackDateTime } from './datetime.js';
import { compileFilter } from './filter.js';
import { zincGrid } from './zinc-writer.js';

const matches = (filter: string, dict: HDict) => compileFilter(filter)(dict, () => undefined);
/** Units with ids that a filter can write after a number (letters, symbols; no spaces or commas). */
const units = HAYSTACK_UNIT_IDS.map((ids) => ids.filter((id) => /^[^\s,()"`@^=!<>*]+$/.test(id))).filter(
  (ids) => ids.length > 0 && !/^\d/.test(ids[0] as string),
);
const value = fc.integer({ min: -1000, max: 1000 });

test('a number compares with the same unit written by any of its ids, never with another unit', () => {
  fc.assert(
    fc.property(fc.constantFrom(...units), fc.nat(), fc.nat(), value, value, (ids, i, j, a, b) => {
      const stored = ids[i % ids.length] as string;
      const written = ids[j % ids.length] as string;
      const dict = HDict.make({ x: HNum.make(a, stored) });
      assert.equal(matches(`x == ${b}${written}`, dict), a === b);
      assert.equal(matches(`x < ${b}${written}`, dict), a < b);
      assert.equal(matches(`x >= ${b}${written}`, dict), a >= b);
    }),
    { numRuns: 300 },
  );
  fc.assert(
    fc.property(fc.constantFrom(...units), fc.constantFrom(...units), value, (u, v, a) => {
      fc.pre(u[0] !== v[0]);
      const dict = HDict.make({ x: HNum.make(a, u[0]) });
      assert.equal(matches(`x == ${a}${v[v.length - 1]}`, dict), false);
      assert.equal(matches(`x != ${a}${v[v.length - 1]}`, dict), true);
    }),
    { numRuns: 200 },
  );
});

test('a DateTime literal is an instant: the same in UTC and in any zone', () => {
  const zones = ['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata'];
  const instant = fc
    .integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) })
    .map((t) => t - (t % 1000));
  fc.assert(
    fc.property(instant, instant, fc.constantFrom(...zones), fc.constantFrom(...zones), (a, b, za, zb) => {
      const dict = HDict.make({ ts: haystackDateTime(a, za) });
      const literal = haystackDateTime(b, zb).toZinc();
      assert.equal(matches(`ts == ${literal}`, dict), a === b, literal);
      assert.equal(matches(`ts < ${literal}`, dict), a < b, literal);
      assert.equal(matches(`ts > ${literal} or ts == ${literal}`, dict), a >= b, literal);
      const utc = new Date(b).toISOString().replace('.000Z', 'Z');
      assert.equal(matches(`ts == ${utc}`, dict), a === b, utc);
    }),
    { numRuns: 300 },
  );
});

test('a Uri, written as Zinc writes it, reads back as its value in a filter and in a request body', async () => {
  // Text without a backslash (haystack-core writes a backslash as it is, which Zinc reads as an escape).
  const text = fc.string({ unit: fc.constantFrom('a', 'b', '`', '"', '/', ' ', '#', 'é', '$') });
  await fc.assert(
    fc.asyncProperty(text, async (s) => {
      const uri = HUri.make(s);
      assert.equal(matches(`u == ${uri.toZinc()}`, HDict.make({ u: uri })), true, uri.toZinc());
      const grid = await decodeBody(zincGrid(HGrid.make({ rows: [HDict.make({ u: uri })] })), 'text/zinc');
      assert.equal((grid?.getRows()[0]?.get('u') as HUri).value, s);
    }),
    { numRuns: 200 },
  );
});

test('Zinc is written as haystack-core writes it, Refs with their display names', () => {
  const name = fc.constantFrom('a', 'b', 'id', 'navName', 'x1');
  const str = fc.string({ unit: fc.constantFrom('a', ' ', '"', '\\', '\n', 'é', ',') });
  const ref = fc.tuple(fc.constantFrom('p1', 'site.a-b', 'x:y'), fc.option(str, { nil: undefined }));
  const scalar = fc.oneof(
    str.map((s) => HStr.make(s)),
    value.map((n) => HNum.make(n, 'kW')),
    ref.map(([id, dis]) => HRef.make(id, dis)),
  );
  const cell = fc.oneof(
    scalar,
    fc.array(scalar, { maxLength: 3 }).map((vs) => HList.make(vs)),
    fc.dictionary(name, scalar, { maxKeys: 3 }).map((tags) => HDict.make(tags)),
  );
  fc.assert(
    fc.property(fc.array(fc.dictionary(name, cell, { minKeys: 1, maxKeys: 4 }), { maxLength: 4 }), (rows) => {
      const grid = HGrid.make({ rows: rows.map((tags) => HDict.make(tags)) });
      const zinc = zincGrid(grid);
      const read = ZincReader.readValue(zinc) as HGrid;
      // Read back: the same grid, display names included (Hayson keeps them).
      assert.deepEqual(read.toJSON(), grid.toJSON());
      // Without display names, exactly haystack-core's text.
      const plain = HGrid.make({ rows: rows.map((tags) => HDict.make(tags)) });
      const noDis = (v: unknown): unknown =>
        v instanceof HRef
          ? v.noDis()
          : v instanceof HList
            ? HList.make(v.values.map(noDis) as never)
            : v instanceof HDict
              ? HDict.make(Object.fromEntries(v.keys.map((k) => [k, noDis(v.get(k))])) as never)
              : v;
      const stripped = HGrid.make({
        columns: plain.getColumns().map((c) => ({ name: c.name })),
        rows: plain
          .getRows()
          .map((r) => HDict.make(Object.fromEntries(r.keys.map((k) => [k, noDis(r.get(k))])) as never)),
      });
      assert.equal(zincGrid(stripped), stripped.toZinc());
    }),
    { numRuns: 200 },
  );
});
