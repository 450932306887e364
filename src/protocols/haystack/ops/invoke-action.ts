// `invokeAction`: runs a momentary action of a point (RESET, BACKUP, GENERATE…) through the write path.

import { HGrid, HStr } from 'haystack-core';
import { OpError } from '../grids.js';
import type { Op } from './context.js';
import { pointRecordOf } from './record-ref.js';
import { writeFailure } from './write-failure.js';

export const invokeActionOp: Op = {
  name: 'invokeAction',
  noSideEffects: false,
  doc: 'Run a momentary action (the point id and its action word)',
  async run(ctx) {
    const record = pointRecordOf(ctx.records, ctx.request.meta.get('id'));
    const entry = ctx.services.points.entry(record.point);
    const action = ctx.request.meta.get('action');
    if (entry.point.type !== 'action') throw new OpError(`${entry.point.name} is not a momentary action`);
    const word = action instanceof HStr ? action.value : entry.point.action;
    const result = await ctx.services.writes.write({
      key: entry.key,
      value: word,
      who: ctx.user,
      role: ctx.role,
      via: 'haystack',
      remote: ctx.remote,
    });
    if (!result.ok) throw writeFailure(result);
    return HGrid.make({});
  },
};
