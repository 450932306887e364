// What a destination already holds, looked at before anything opens it as a store (which would migrate its
// schema and fold its history journal): a data folder's databases read-only, a PostgreSQL database's tables
// where they exist. A destination that holds anything is refused as it is.

import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { HISTORY_DATABASE, STATE_DATABASE } from '../sqlite/data-folder.js';
import type { Endpoint } from './endpoint.js';
import { PgSide } from './pg-side.js';
import { TABLES } from './tables.js';

/** The tables of `e` that hold rows, in words (`audit: 3 rows`); empty when it holds nothing (or is missing). */
export async function heldData(e: Endpoint): Promise<string[]> {
  const held: string[] = [];
  const note = (label: string, rows: number) => {
    if (rows > 0) held.push(`${label}: ${rows} row${rows === 1 ? '' : 's'}`);
  };
  if (e.engine === 'postgres') {
    const side = await PgSide.connect(e.url);
    try {
      for (const spec of TABLES) note(spec.label, await side.countIfExists(spec));
    } finally {
      await side.close();
    }
    return held;
  }
  for (const [name, file] of [
    ['state', STATE_DATABASE],
    ['history', HISTORY_DATABASE],
  ] as const) {
    const path = join(e.dir, file);
    if (!existsSync(path) || statSync(path).size === 0) continue;
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").pluck();
      for (const spec of TABLES.filter((t) => t.sqlite.db === name))
        if (exists.get(spec.sqlite.table))
          note(spec.label, db.prepare(`SELECT count(*) FROM "${spec.sqlite.table}"`).pluck().get() as number);
    } finally {
      db.close();
    }
  }
  return held;
}
