// `nav`: the site tree — the site at the root, its equipment under it, each device's points under that.

import { HDict, HGrid, HRef, HStr, type HVal } from 'haystack-core';
import type { Op } from './context.js';

export const navOp: Op = {
  name: 'nav',
  noSideEffects: true,
  doc: 'Navigate the site tree: site, equipment, points',
  run({ records, request }) {
    const navId = request.getRows()[0]?.get('navId');
    const id = navId instanceof HStr ? navId.value : navId instanceof HRef ? navId.value : null;
    const children = records.all.filter((r) => {
      if (id === null) return r.tags.site !== undefined;
      const parent = r.point !== null ? r.tags.equipRef : r.tags.siteRef;
      return (
        parent instanceof HRef && parent.value === id && (r.point !== null || r.tags.equip !== undefined)
      );
    });
    const rows = children.map((r) => {
      const dict = records.dict(r);
      // Points are leaves; sites and equipment can be opened further.
      const navTags: Record<string, HVal> = r.point === null ? { navId: HStr.make(r.id) } : {};
      const tags: Record<string, HVal> = {};
      for (const key of dict.keys) tags[key] = dict.get(key) as HVal;
      return HDict.make({ ...tags, ...navTags });
    });
    const grid = HGrid.make({ rows });
    if (!grid.hasColumn('navId')) grid.addColumn('navId');
    return grid;
  },
};
