// `hisRead` (one point with `id` and `range`, or several with `range` and an optional `tz` in the grid
// meta; either with an optional `interval` and `rollup`, see his-rollup.ts); `hisWrite` is in
// his-write.ts. Times are in the point's zone (the batch's `tz` when given); start inclusive, end exclusive.

import { HStr, type HVal } from 'haystack-core';
import { valueFromNumeric } from '../../../points/point-value.js';
import type { RollupLevel } from '../../../runtime/services/history.js';
import type { Value } from '../../../runtime/services/services.js';
import { haystackDateTime, ianaZone, parseRange } from '../datetime.js';
import { OpError } from '../grids.js';
import { HisGrid } from '../his-grid.js';
import { type RollupSpec, rollUp, rollupSpec } from '../his-rollup.js';
import { storedRollUp } from '../his-rollup-read.js';
import type { Op, OpContext } from './context.js';
import { pointRecordOf } from './record-ref.js';

/**
 * The samples of a point over [start, end), as point values (a number that is not a valid value is dropped),
 * rolled up to one per interval when `spec` asks for it: a number's from the store's 1-hour or 1-minute
 * roll-ups when the interval is whole hours or minutes (the same answer as from its samples, see
 * his-rollup.ts), anything else from its samples.
 */
async function samplesOf(
  ctx: OpContext,
  index: number,
  start: number,
  end: number,
  spec: RollupSpec | null,
  tz = ctx.records.site.site.tz,
) {
  const entry = ctx.services.points.entry(index);
  if (spec !== null && entry.point.type === 'number') {
    const read = (level: RollupLevel) => ctx.services.history.rollups(entry.key, level, start, end);
    const rolled = await storedRollUp(read, spec, tz, start);
    if (rolled !== null) return { point: entry.point, ...rolled };
  }
  const samples = await ctx.services.history.read(entry.key, start, end);
  const times: number[] = [];
  const values: Value[] = [];
  for (const s of samples) {
    const value = valueFromNumeric(entry.point, s.v);
    if (value === null) continue;
    times.push(s.t);
    values.push(value);
  }
  if (spec === null) return { point: entry.point, times, values };
  const rolled = rollUp(times, values, entry.point, spec, tz, start);
  return { point: entry.point, ...rolled };
}

/** The zone of a batch read: its `tz` (a Haystack name, as Haxall takes it) or the site's. */
function batchZone(tz: unknown, site: string): string {
  if (tz === undefined || tz === null) return site;
  if (!(tz instanceof HStr))
    throw new OpError('hisRead: tz must be a Str, a Haystack time zone name such as New_York');
  return ianaZone(tz.value);
}

/** Several points' samples joined on time: one value column per point, null where it has no sample. */
function joinOnTime(series: Array<Awaited<ReturnType<typeof samplesOf>>>) {
  const times = [...new Set(series.flatMap((s) => s.times))].sort((a, b) => a - b);
  const rowOf = new Map(times.map((t, i) => [t, i]));
  const columns = series.map((s) => {
    const values: Array<Value | null> = new Array(times.length).fill(null);
    s.times.forEach((t, i) => {
      values[rowOf.get(t) as number] = s.values[i] as Value;
    });
    return values;
  });
  return { times, columns };
}

export const hisReadOp: Op = {
  name: 'hisRead',
  noSideEffects: true,
  doc: 'Read the history of one or more points over a range, optionally rolled up per interval',
  async run(ctx) {
    const tz = ctx.records.site.site.tz;
    const now = ctx.services.clock.now();
    const batchRange = ctx.request.meta.get('range');
    const rows = ctx.request.getRows();
    if (batchRange instanceof HStr) {
      const zone = batchZone(ctx.request.meta.get('tz'), tz);
      const { start, end } = parseRange(batchRange.value, zone, now);
      const spec = rollupSpec(ctx.request.meta.get('interval'), ctx.request.meta.get('rollup'));
      const points = rows.map((row) => pointRecordOf(ctx.records, row.get('id')));
      const series = await Promise.all(points.map((p) => samplesOf(ctx, p.point, start, end, spec, zone)));
      const { times, columns } = joinOnTime(series);
      const meta = {
        hisStart: haystackDateTime(start, zone),
        hisEnd: haystackDateTime(end, zone),
        ...spec?.meta,
      };
      return new HisGrid(
        meta,
        times,
        points.map((p, i) => ({
          name: `v${i}`,
          meta: { id: p.tags.id as HVal },
          point: (series[i] as (typeof series)[number]).point,
          values: columns[i] as Array<Value | null>,
        })),
        zone,
      );
    }
    const row = rows[0];
    if (!row) throw new OpError('hisRead: the request grid needs a row with id and range');
    const record = pointRecordOf(ctx.records, row.get('id'));
    const range = row.get('range');
    if (!(range instanceof HStr))
      throw new OpError('hisRead: range must be a Str (today, yesterday, a date, dates or date-times)');
    const { start, end } = parseRange(range.value, tz, now);
    const spec = rollupSpec(row.get('interval'), row.get('rollup'));
    const { point, times, values } = await samplesOf(ctx, record.point, start, end, spec);
    const meta = {
      id: record.tags.id as HVal,
      hisStart: haystackDateTime(start, tz),
      hisEnd: haystackDateTime(end, tz),
      ...spec?.meta,
    };
    return new HisGrid(meta, times, [{ name: 'val', point, values }], tz);
  },
};

export { hisWriteOp } from './his-write.js';
