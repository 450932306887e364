// `hisRead` (one point with `id` and `range`, or several with `range` in the grid meta) and `hisWrite`.
// Times are in the point's zone; start inclusive, end exclusive.

import { HDateTime, HDict, HGrid, HNum, HStr, type HVal } from 'haystack-core';
import { valueFromNumeric } from '../../../runtime/value.js';
import { getOrCreate } from '../../../util/maps.js';
import { haystackDateTime, parseRange } from '../datetime.js';
import { OpError } from '../grids.js';
import { toHaystack } from '../haystack-values.js';
import type { Op, OpContext } from './context.js';
import { pointRecordOf } from './record-ref.js';

async function samplesOf(ctx: OpContext, index: number, start: number, end: number) {
  const entry = ctx.runtime.points.entry(index);
  const samples = await ctx.runtime.options.store.history.read(entry.key, start, end);
  return samples
    .map((s) => ({ t: s.t, value: valueFromNumeric(entry.point, s.v) }))
    .filter((s) => s.value !== null)
    .map((s) => ({ t: s.t, val: toHaystack(entry.point, s.value as NonNullable<typeof s.value>) }));
}

export const hisReadOp: Op = {
  name: 'hisRead',
  noSideEffects: true,
  doc: 'Read the history of one or more points over a range',
  async run(ctx) {
    const tz = ctx.records.site.site.tz;
    const now = ctx.runtime.options.clock.now();
    const batchRange = ctx.request.meta.get('range');
    const rows = ctx.request.getRows();
    if (batchRange instanceof HStr) {
      const { start, end } = parseRange(batchRange.value, tz, now);
      const points = rows.map((row) => pointRecordOf(ctx.records, row.get('id')));
      const series = await Promise.all(points.map((p) => samplesOf(ctx, p.point, start, end)));
      // Rows joined on time: one column per point, null where a point has no sample at that time.
      const byTime = new Map<number, Record<string, HVal>>();
      series.forEach((samples, i) => {
        for (const s of samples) {
          const row = getOrCreate(
            byTime,
            s.t,
            (): Record<string, HVal> => ({ ts: haystackDateTime(s.t, tz) }),
          );
          row[`v${i}`] = s.val;
        }
      });
      const grid = HGrid.make({
        meta: HDict.make({ hisStart: haystackDateTime(start, tz), hisEnd: haystackDateTime(end, tz) }),
        rows: [...byTime.keys()]
          .sort((a, b) => a - b)
          .map((t) => HDict.make(byTime.get(t) as Record<string, HVal>)),
      });
      if (!grid.hasColumn('ts')) grid.addColumn('ts');
      points.forEach((p, i) => {
        if (!grid.hasColumn(`v${i}`)) grid.addColumn(`v${i}`);
        const column = grid.getColumn(`v${i}`);
        column?.meta.set('id', p.tags.id as HVal);
      });
      return grid;
    }
    const row = rows[0];
    if (!row) throw new OpError('hisRead: the request grid needs a row with id and range');
    const record = pointRecordOf(ctx.records, row.get('id'));
    const range = row.get('range');
    if (!(range instanceof HStr))
      throw new OpError('hisRead: range must be a Str (today, yesterday, a date, dates or date-times)');
    const { start, end } = parseRange(range.value, tz, now);
    const samples = await samplesOf(ctx, record.point, start, end);
    const grid = HGrid.make({
      meta: HDict.make({
        id: record.tags.id as HVal,
        hisStart: haystackDateTime(start, tz),
        hisEnd: haystackDateTime(end, tz),
      }),
      rows: samples.map((s) => HDict.make({ ts: haystackDateTime(s.t, tz), val: s.val })),
    });
    for (const name of ['ts', 'val']) if (!grid.hasColumn(name)) grid.addColumn(name);
    return grid;
  },
};

export const hisWriteOp: Op = {
  name: 'hisWrite',
  noSideEffects: false,
  doc: 'Write history samples of a point (kept with the recorded history)',
  async run(ctx) {
    const record = pointRecordOf(ctx.records, ctx.request.meta.get('id'));
    const entry = ctx.runtime.points.entry(record.point);
    const samples = ctx.request.getRows().map((row) => {
      const ts = row.get('ts');
      const val = row.get('val');
      if (!(ts instanceof HDateTime)) throw new OpError('hisWrite: every row needs a ts DateTime');
      const n =
        val instanceof HNum ? val.value : val?.toJSON() === true ? 1 : val?.toJSON() === false ? 0 : null;
      if (n === null)
        throw new OpError(
          `hisWrite: ${entry.point.name} takes numbers or booleans, not ${val?.toZinc() ?? 'null'}`,
        );
      return { t: ts.date.valueOf(), v: n };
    });
    const history = ctx.runtime.options.store.history;
    const refused = samples
      .sort((a, b) => a.t - b.t)
      .filter((s) => !history.append(entry.key, s.t, s.v)).length;
    await history.flush();
    if (refused > 0) {
      throw new OpError(
        `hisWrite: ${refused} of ${samples.length} samples are older than the last sample of ${entry.point.name} and were refused (history only grows forward)`,
      );
    }
    return HGrid.make({});
  },
};
