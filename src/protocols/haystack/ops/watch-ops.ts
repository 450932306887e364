// `watchSub`, `watchUnsub` and `watchPoll`.

import { HDict, HGrid, HMarker, HNum, HStr } from 'haystack-core';
import { OpError } from '../grids.js';
import type { SiteRecords } from '../records.js';
import { durationMs } from '../time-units.js';
import type { Watches } from '../watches.js';
import type { Op, OpContext } from './context.js';
import { idText } from './record-ref.js';

/** The lease asked in ms, in any Haystack time unit (a Number without one is seconds); null: none asked. */
function leaseOf(value: unknown): number | null {
  if (!(value instanceof HNum)) return null;
  const ms = durationMs(value);
  if (ms === null)
    throw new OpError(`watchSub: lease needs a time unit (s, min, h, day…), not ${value.toZinc()}`);
  return ms;
}

/** Rows for `ids` in request order; an unknown id is a row of nulls. */
function rowsFor(records: SiteRecords, ids: string[]): HGrid {
  const dicts = ids.map((id) => {
    const record = records.byId.get(id);
    return record ? records.dict(record) : null;
  });
  const grid = HGrid.make<HDict>({ rows: [] as HDict[] });
  const names = new Set<string>(['id']);
  for (const d of dicts) if (d) for (const key of d.keys) names.add(key);
  for (const name of names) grid.addColumn(name);
  for (const d of dicts) grid.add(d ?? HDict.make({}));
  return grid;
}

const requestIds = (ctx: OpContext) =>
  ctx.request
    .getRows()
    .map((r) => idText(r.get('id')))
    .filter((id): id is string => id !== null);

export function watchOps(watches: Watches): Op[] {
  const sub: Op = {
    name: 'watchSub',
    noSideEffects: false,
    doc: 'Open a watch or add points to one',
    run(ctx) {
      const meta = ctx.request.meta;
      const watchId = meta.get('watchId');
      const dis = meta.get('watchDis');
      if (!(watchId instanceof HStr) && !(dis instanceof HStr))
        throw new OpError('watchSub: a new watch needs watchDis');
      const watch = watches.open(
        watchId instanceof HStr ? watchId.value : null,
        dis instanceof HStr ? dis.value : '',
        leaseOf(meta.get('lease')),
        ctx.user,
      );
      if (!watch) throw new OpError(`watchSub: no open watch ${(watchId as HStr).value}`);
      const ids = requestIds(ctx);
      watches.add(
        watch,
        ids.filter((id) => ctx.records.byId.has(id)),
      );
      const grid = rowsFor(ctx.records, ids);
      grid.meta.set('watchId', HStr.make(watch.id));
      grid.meta.set('lease', HNum.make(Math.round(watch.leaseMs / 1000), 's'));
      return grid;
    },
  };
  const unsub: Op = {
    name: 'watchUnsub',
    noSideEffects: false,
    doc: 'Remove points from a watch, or close it',
    run(ctx) {
      const watchId = ctx.request.meta.get('watchId');
      if (!(watchId instanceof HStr)) throw new OpError('watchUnsub: watchId is missing');
      if (ctx.request.meta.has('close')) watches.close(watchId.value);
      else {
        const watch = watches.poll(watchId.value);
        if (watch) watches.remove(watch, requestIds(ctx));
      }
      return HGrid.make({});
    },
  };
  const poll: Op = {
    name: 'watchPoll',
    noSideEffects: false,
    doc: 'The watched records changed since the last poll (all of them with refresh)',
    run(ctx) {
      const watchId = ctx.request.meta.get('watchId');
      if (!(watchId instanceof HStr)) throw new OpError('watchPoll: watchId is missing');
      const watch = watches.poll(watchId.value);
      if (!watch) throw new OpError(`watchPoll: watch ${watchId.value} is closed or its lease expired`);
      const ids = ctx.request.meta.has('refresh') ? [...watch.ids] : [...watch.changed];
      watch.changed.clear();
      const grid = ids.length === 0 ? HGrid.make({}) : rowsFor(ctx.records, ids);
      grid.meta.set('watchId', HStr.make(watch.id));
      if (ctx.request.meta.has('refresh')) grid.meta.set('refresh', HMarker.make());
      return grid;
    },
  };
  return [sub, unsub, poll];
}
