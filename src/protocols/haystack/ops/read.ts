// `read`: records by filter (with `limit`), or by id in the order asked (an unknown id is a row of nulls).

import { HDict, HGrid, HNum, HRef, HStr } from 'haystack-core';
import { readByFilterInSlices } from '../filter.js';
import { OpError } from '../grids.js';
import type { Op } from './context.js';

/** `@site.device.point` or `site.device.point` → the record id. */
const idOf = (value: unknown) =>
  value instanceof HRef ? value.value : value instanceof HStr ? value.value.replace(/^@/, '') : null;

export const readOp: Op = {
  name: 'read',
  noSideEffects: true,
  doc: 'Read records by filter or by id',
  async run({ records, request }) {
    const rows = request.getRows();
    if (request.hasColumn('filter')) {
      const filter = rows[0]?.get('filter');
      if (!(filter instanceof HStr)) throw new OpError('read: filter must be a Str');
      const limitVal = rows[0]?.get('limit');
      const limit =
        limitVal instanceof HNum ? Math.max(0, Math.floor(limitVal.value)) : Number.POSITIVE_INFINITY;
      const found = await readByFilterInSlices(records, filter.value, limit);
      return HGrid.make({ rows: found.map((m) => m.dict) });
    }
    if (request.hasColumn('id')) {
      const dicts = rows.map((row) => {
        const record = records.byId.get(idOf(row.get('id')) ?? '');
        return record ? records.dict(record) : null;
      });
      const grid = HGrid.make({ rows: dicts.filter((d): d is HDict => d !== null) });
      if (dicts.every((d) => d !== null)) return grid;
      // Unknown ids are rows of nulls, in request order: build the grid row by row.
      const names = new Set<string>(['id']);
      for (const d of dicts) if (d) for (const key of d.keys) names.add(key);
      const out = HGrid.make<HDict>({ rows: [] as HDict[] });
      for (const name of names) out.addColumn(name);
      for (const d of dicts) out.add(d ?? HDict.make({}));
      return out;
    }
    throw new OpError('read: the request grid needs a filter column or an id column');
  },
};
