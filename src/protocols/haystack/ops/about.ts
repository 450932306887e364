// `about`: who this server is, and who is asking (`userName`, `userRole`: the logged-in user).

import { HDateTime, HDict, HGrid, HStr, HUri } from 'haystack-core';
import { VERSION } from '../../../version.js';
import { haystackTz } from '../haystack-values.js';
import type { Op } from './context.js';

export const aboutOp: Op = {
  name: 'about',
  noSideEffects: true,
  doc: 'Summary information about the server',
  run({ records, bootTime, user, role }) {
    const tz = records.site.site.tz;
    const at = (t: number) => HDateTime.make(new Date(t).toISOString());
    return HGrid.make({
      rows: [
        HDict.make({
          haystackVersion: HStr.make('4.0'),
          tz: HStr.make(haystackTz(tz)),
          serverName: HStr.make(records.site.site.name),
          serverTime: at(Date.now()),
          serverBootTime: at(bootTime),
          productName: HStr.make('Pointyard'),
          productUri: HUri.make('https://www.npmjs.com/package/pointyard'),
          productVersion: HStr.make(VERSION),
          vendorName: HStr.make('Pointyard'),
          vendorUri: HUri.make('https://www.npmjs.com/package/pointyard'),
          moduleName: HStr.make('pointyard-haystack'),
          moduleVersion: HStr.make(VERSION),
          userName: HStr.make(user),
          userRole: HStr.make(role),
        }),
      ],
    });
  },
};
