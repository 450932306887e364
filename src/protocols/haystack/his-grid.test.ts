// The fast history encoder writes exactly what haystack-core writes for the same grid, in every format.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { HRef } from 'haystack-core';
import type { Value } from '../../core/value.js';
import { builtinProfiles } from '../../points/load.js';
import type { Point, Profile } from '../../points/model.js';
import { PROTOCOLS } from '../registry.js';
import { encodeGrid } from './content.js';
import { haystackDateTime } from './datetime.js';
import type { Format } from './format.js';
import { HisGrid } from './his-grid.js';

const points = builtinProfiles(PROTOCOLS).flatMap((l) => (l.profile as Profile).points);
const pick = (type: Point['type']) => points.filter((p) => p.type === type);
const numeric = [...pick('number').filter((p) => p.unit), ...pick('number').filter((p) => !p.unit)].slice(
  0,
  20,
);
const others = [...pick('bool'), ...pick('enum')].slice(0, 10);

/** A value a point of this type can hold: numbers of every shape (NaN, ±INF, exponents), booleans, enum words. */
function valueFor(point: Point): fc.Arbitrary<Value> {
  if (point.type === 'bool') return fc.boolean();
  if (point.type === 'enum') return fc.constantFrom(...(point.enum ?? ['A']));
  return fc.oneof(
    fc.double(),
    fc.integer({ min: -1e6, max: 1e6 }),
    fc.constantFrom(0, -0, 1e21, 1.5e-7, 123456789012, Number.NaN, Number.POSITIVE_INFINITY),
  );
}

const ZONES = ['Europe/Paris', 'UTC', 'America/New_York', 'Asia/Kolkata'];
const START = Date.UTC(2026, 2, 29, 0); // a DST change day in Europe
const grid = fc
  .record({
    tz: fc.constantFrom(...ZONES),
    offsets: fc.uniqueArray(fc.integer({ min: 0, max: 3 * 86_400_000 }), { maxLength: 40 }),
    columns: fc.uniqueArray(fc.constantFrom(...numeric, ...others), { minLength: 1, maxLength: 3 }),
  })
  .chain(({ tz, offsets, columns }) => {
    const times = offsets.sort((a, b) => a - b).map((o) => START + o);
    return fc
      .tuple(
        ...columns.map((p) =>
          fc.array(fc.option(valueFor(p)), { minLength: times.length, maxLength: times.length }),
        ),
      )
      .map(
        (values) =>
          new HisGrid(
            { id: HRef.make('demo.x', 'X'), hisStart: haystackDateTime(START, tz) },
            times,
            columns.map((point, i) => ({
              name: columns.length === 1 ? 'val' : `v${i}`,
              meta: { id: HRef.make(`demo.${point.id}`) },
              point,
              values: values[i] as Array<Value | null>,
            })),
            tz,
          ),
      );
  });

for (const format of ['zinc', 'json', 'csv'] as Format[])
  test(`${format}: the fast encoding equals haystack-core's`, () => {
    fc.assert(
      fc.property(grid, (g) => {
        assert.equal(g.encode(format), encodeGrid(g.toHGrid(), format));
      }),
      { numRuns: 300 },
    );
  });
