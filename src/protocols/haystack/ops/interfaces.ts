// `interfaces` (Pointyard's own): the interfaces running now, in start order — the plug-ins' routes on the
// HTTP host and their servers — each with its name, title, address and, when it reports one, its status as
// a Dict (a connection's state, a queue's length: whatever the server reports). `name` picks one.

import { HDict, HStr, type HVal } from 'haystack-core';
import type { RunningInterface } from '../../http-service.js';
import { OpError, tableGrid } from '../grids.js';
import type { Op } from './context.js';
import { jsonDict } from './json-dict.js';
import { firstRow, optionalStr } from './request-params.js';

const COLUMNS = ['name', 'title', 'address', 'status'];

function interfaceRow(running: RunningInterface): HDict {
  const tags: Record<string, HVal> = {
    name: HStr.make(running.name),
    title: HStr.make(running.title),
    address: HStr.make(running.address),
  };
  if (running.status) tags.status = jsonDict(running.status);
  return HDict.make(tags);
}

/** The op over `interfaces`, read on each request (the servers start after the routes are mounted). */
export function interfacesOp(interfaces: () => readonly RunningInterface[]): Op {
  return {
    name: 'interfaces',
    noSideEffects: true,
    doc: 'The interfaces running now: name, title, address and status (a Dict); name: only that one',
    run(ctx) {
      const name = optionalStr('interfaces', firstRow(ctx), 'name');
      const all = interfaces();
      const chosen = name === null ? all : all.filter((i) => i.name === name);
      if (name !== null && chosen.length === 0)
        throw new OpError(
          `interfaces: no interface named ${name} is running (running: ${all.map((i) => i.name).join(', ') || 'none'})`,
        );
      return tableGrid(COLUMNS, chosen.map(interfaceRow));
    },
  };
}
