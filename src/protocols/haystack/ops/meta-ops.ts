// `ops`, `filetypes` (and the Haystack 3 `formats`) and `close`.

import { HDict, HGrid, HMarker, HStr, HSymbol, type HVal } from 'haystack-core';
import type { Op } from './context.js';

/** Extension, name, MIME type, and whether request bodies may use it (CSV is an answer format only). */
const FILETYPES: Array<[string, string, string, boolean]> = [
  ['zinc', 'Zinc', 'text/zinc', true],
  ['json', 'JSON', 'application/json', true],
  ['csv', 'CSV', 'text/csv', false],
];

/** The ops table is filled by the server with every op it serves. */
export function opsOp(all: () => Op[]): Op {
  return {
    name: 'ops',
    noSideEffects: true,
    doc: 'The operations this server supports',
    run() {
      const rows = all().map((op) => {
        const tags: Record<string, HVal> = {
          def: HSymbol.make(`op:${op.name}`),
          name: HStr.make(op.name),
          doc: HStr.make(op.doc),
        };
        if (op.noSideEffects) tags.noSideEffects = HMarker.make();
        return HDict.make(tags);
      });
      return HGrid.make({ rows });
    },
  };
}

export const filetypesOp: Op = {
  name: 'filetypes',
  noSideEffects: true,
  doc: 'The formats this server reads and writes',
  run() {
    const rows = FILETYPES.map(([ext, dis, mime]) =>
      HDict.make({
        def: HSymbol.make(`filetype:${ext}`),
        dis: HStr.make(dis),
        mime: HStr.make(mime),
        fileExt: HStr.make(ext),
      }),
    );
    return HGrid.make({ rows });
  },
};

/** Haystack 3's `formats`, which some clients still call. */
export const formatsOp: Op = {
  name: 'formats',
  noSideEffects: true,
  doc: 'The formats this server reads and writes (Haystack 3)',
  run() {
    const rows = FILETYPES.map(([, , mime, receive]) =>
      HDict.make({
        mime: HStr.make(mime),
        ...(receive ? { receive: HMarker.make() } : {}),
        send: HMarker.make(),
      }),
    );
    return HGrid.make({ rows });
  },
};

export const closeOp: Op = {
  name: 'close',
  noSideEffects: false,
  doc: 'Close the session',
  run() {
    return HGrid.make({});
  },
};
