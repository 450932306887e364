// `events` (Pointyard's own): what happened on the devices — momentary actions run, sessions, detections,
// faults injected — newest first. Filters: id (an equip, or a point for its own events), kind, range (as
// hisRead), limit. Events reach the store with the runtime's periodic save (every 10 s by default).

import { HDict, HStr, type HVal } from 'haystack-core';
import type { EventFilter, SiteEvent } from '../../../runtime/services/services.js';
import { tableGrid } from '../grids.js';
import type { Op, OpContext } from './context.js';
import { firstRow, inScope, limitOf, optionalStr, rangeOf, scopeOf } from './request-params.js';
import { equipRef, pointRef, siteTime } from './store-refs.js';

const COLUMNS = ['ts', 'equipRef', 'point', 'kind', 'message'];

function eventRow(ctx: OpContext, event: SiteEvent): HDict {
  const tags: Record<string, HVal> = {
    ts: siteTime(ctx, event.ts),
    equipRef: equipRef(ctx, event.device),
    kind: HStr.make(event.kind),
    message: HStr.make(event.message),
  };
  if (event.point !== null) tags.point = pointRef(ctx, `${event.device}.${event.point}`);
  return HDict.make(tags);
}

export const eventsOp: Op = {
  name: 'events',
  noSideEffects: true,
  doc: 'Device events, newest first (id: an equip or point; kind; range as hisRead; limit, default 200)',
  async run(ctx) {
    const row = firstRow(ctx);
    const scope = scopeOf(ctx, 'events', row);
    const kind = optionalStr('events', row, 'kind');
    const limit = limitOf('events', row);
    const filter: EventFilter = rangeOf(ctx, 'events', row);
    if (kind !== null) filter.kind = kind;
    if (scope.device !== null) filter.device = scope.device;
    // One point's events are picked out after the query, so only a device's or all can be limited there.
    if (scope.point === null) filter.limit = limit;
    const events = await ctx.services.events.query(filter);
    const rows = events
      .filter((e) => inScope(scope, e.device, e.point))
      .slice(0, limit)
      .map((e) => eventRow(ctx, e));
    return tableGrid(COLUMNS, rows);
  },
};
