// `files` (Pointyard's own): the reports and backups in the data folder, newest first, each with the URI
// that downloads it (`GET /api/file/<kind>/<name>`, same login). Backups are listed to admins only.

import { HDict, HNum, HStr, HUri } from 'haystack-core';
import { can } from '../../../auth/roles.js';
import { type DataFile, FILE_ACTION, FILE_KINDS, fileUri, isFileKind, listDataFiles } from '../data-files.js';
import { OpError, tableGrid } from '../grids.js';
import type { Op, OpContext } from './context.js';
import { firstRow, optionalStr } from './request-params.js';
import { siteTime } from './store-refs.js';

const COLUMNS = ['kind', 'name', 'size', 'mtime', 'uri'];

function fileRow(ctx: OpContext, file: DataFile): HDict {
  return HDict.make({
    kind: HStr.make(file.kind),
    name: HStr.make(file.name),
    size: HNum.make(file.size, 'byte'),
    mtime: siteTime(ctx, Math.floor(file.mtime)),
    uri: HUri.make(fileUri(file)),
  });
}

/** The op, over the data folder `dataDir` (null: a server without one, which lists nothing). */
export function filesOp(dataDir: string | null): Op {
  return {
    name: 'files',
    noSideEffects: true,
    doc: 'Reports and backups in the data folder, with their download URIs (kind: report or backup)',
    async run(ctx) {
      const kind = optionalStr('files', firstRow(ctx), 'kind');
      if (kind !== null && !isFileKind(kind))
        throw new OpError(`files: kind must be one of ${FILE_KINDS.join(', ')}, not '${kind}'`);
      // The role decides which kinds are listed: the user's as stored now.
      const user = await ctx.services.users.get(ctx.user);
      const allowed = FILE_KINDS.filter((k) => user !== null && can(user.role, FILE_ACTION[k]));
      if (kind !== null && !allowed.includes(kind))
        throw new OpError(
          `files: ${ctx.user} (${user?.role ?? 'no role'}) may not list ${kind}s: admins only`,
        );
      if (dataDir === null) throw new OpError('files: this server has no data folder');
      const kinds = kind === null ? allowed : [kind];
      const files = kinds
        .flatMap((k) => listDataFiles(dataDir, k))
        .sort((a, b) => b.mtime - a.mtime || a.name.localeCompare(b.name));
      return tableGrid(
        COLUMNS,
        files.map((f) => fileRow(ctx, f)),
      );
    },
  };
}
