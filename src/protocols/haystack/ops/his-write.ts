// `hisWrite`: one point (`id` in the grid meta, columns `ts` and `val`) or several (columns `ts`, `v0`,
// `v1`… each with an `id` in its column meta), as Haxall takes them. Every cell is checked before anything
// is written (the point keeps history, a DateTime, the value's kind and unit), so a request is written
// whole or not at all. A null value is skipped; samples at one time: the last row wins. Samples merge into
// the recorded history at their time, replacing a sample already at that time; a time later than now is
// kept too (a forecast): live samples before it still merge in at their own times. The samples go through
// the services' audited history write (a `his-write` record per point); a request refused here leaves a
// `refused` record under each point it names, as a refused pointWrite does.

import { HDateTime, HGrid, type HVal } from 'haystack-core';
import type { Sample, Services } from '../../../runtime/services/services.js';
import { OpError } from '../grids.js';
import { hisWriteNumber } from '../his-write-value.js';
import type { SiteRecords } from '../records.js';
import type { Op, OpContext } from './context.js';
import { idText, pointRecordOf } from './record-ref.js';
import { writeFailure } from './write-failure.js';

/** One point's samples of the request, checked: its history key and the samples by time. */
interface PointSamples {
  key: string;
  samples: Sample[];
}

/** The value columns of the request: `val` for the id in the meta, else each column after `ts` by its own id. */
function valueColumns(request: HGrid): Array<{ name: string; id: HVal | null | undefined }> {
  const columns = request.getColumns();
  if (request.meta.has('id')) {
    if (!columns.some((c) => c.name === 'val'))
      throw new OpError('hisWrite: the request grid needs a val column');
    return [{ name: 'val', id: request.meta.get('id') }];
  }
  if (columns[0]?.name !== 'ts')
    throw new OpError(`hisWrite: the first column must be ts, not ${columns[0]?.name ?? 'none'}`);
  if (columns.length < 2) throw new OpError('hisWrite: the request grid needs an id, or value columns');
  return columns.slice(1).map((c) => {
    if (!c.meta.has('id')) throw new OpError(`hisWrite: column ${c.name} has no id in its meta`);
    return { name: c.name, id: c.meta.get('id') };
  });
}

function checkedSamples(ctx: OpContext, column: { name: string; id: HVal | null | undefined }): PointSamples {
  const record = pointRecordOf(ctx.records, column.id);
  const entry = ctx.services.points.entry(record.point);
  if (!record.tags.his) throw new OpError(`hisWrite: @${record.id} keeps no history (no his tag)`);
  const byTime = new Map<number, number>();
  for (const row of ctx.request.getRows()) {
    const ts = row.get('ts');
    if (!(ts instanceof HDateTime)) throw new OpError('hisWrite: every row needs a ts DateTime');
    const val = row.get(column.name);
    if (val === null || val === undefined) continue; // as Haxall: a null value is no sample
    byTime.set(ts.date.valueOf(), hisWriteNumber(entry.point, val));
  }
  return { key: entry.key, samples: [...byTime].map(([t, v]) => ({ t, v })) };
}

/** The keys of the site's points a hisWrite request names (in its meta, or its columns' meta). */
export function hisWriteKeys(records: SiteRecords, services: Services, request: HGrid): string[] {
  const named = request.meta.has('id')
    ? [request.meta.get('id')]
    : request.getColumns().map((c) => c.meta.get('id'));
  const keys: string[] = [];
  for (const value of named) {
    const id = idText(value);
    const record = id === null ? undefined : records.byId.get(id);
    if (record && record.point !== null) keys.push(services.points.entry(record.point).key);
  }
  return keys;
}

export const hisWriteOp: Op = {
  name: 'hisWrite',
  noSideEffects: false,
  doc: 'Write history samples of one or more points, merged into the recorded history at their times',
  async run(ctx) {
    const actor = { who: ctx.user, role: ctx.role, via: 'haystack', remote: ctx.remote };
    let points: PointSamples[];
    try {
      points = valueColumns(ctx.request).map((c) => checkedSamples(ctx, c));
    } catch (err) {
      if (err instanceof OpError) {
        const keys = hisWriteKeys(ctx.records, ctx.services, ctx.request);
        await ctx.services.history.refuse({ ...actor, keys }, { code: 'bad-request', message: err.message });
      }
      throw err;
    }
    const result = await ctx.services.history.write({ ...actor, points });
    if (!result.ok) throw writeFailure(result, 'hisWrite: ');
    return HGrid.make({});
  },
};
