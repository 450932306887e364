// Where a migration reads or writes: a SQLite data folder or a PostgreSQL URL. A data folder is locked as
// `pointyard start` locks it, so that no server runs on it while it is copied (or written), and opened once
// as a store first: that brings its schema up to date and folds its history journal into chunks.

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AlreadyRunning, type InstanceLock, lockDataFolder } from '../../util/instance-lock.js';
import { POSTGRES_SCHEMES, urlScheme } from '../engines.js';
import { openStore } from '../open.js';
import { redactedUrl } from '../postgres/pg-database.js';
import { privateFolder, STATE_DATABASE } from '../sqlite/data-folder.js';
import { StoreError } from '../store-error.js';
import { PgSide } from './pg-side.js';
import type { MigrationSide } from './side.js';
import { SqliteSide } from './sqlite-side.js';

export type Endpoint = { engine: 'sqlite'; dir: string } | { engine: 'postgres'; url: string };

/** A data folder or a PostgreSQL URL; a StoreError for another kind of URL. */
export function parseEndpoint(text: string): Endpoint {
  const scheme = urlScheme(text);
  if (scheme === null) return { engine: 'sqlite', dir: resolve(text) };
  if (POSTGRES_SCHEMES.includes(scheme)) return { engine: 'postgres', url: text };
  throw new StoreError(
    `cannot migrate to or from a ${scheme}:// URL: give a SQLite data folder or a postgres:// URL`,
  );
}

/** The endpoint for a person (a URL without its password). */
export const describeEndpoint = (e: Endpoint) =>
  e.engine === 'sqlite' ? `the data folder ${e.dir}` : `the database ${redactedUrl(e.url)}`;

/** Whether both name the same place (as far as their text tells). */
export const sameEndpoint = (a: Endpoint, b: Endpoint): boolean =>
  a.engine === 'sqlite'
    ? b.engine === 'sqlite' && a.dir === b.dir
    : b.engine === 'postgres' && a.url === b.url;

/** An endpoint opened for the copy: its tables, and the lock of a data folder, released by `close`. */
export interface OpenedEndpoint {
  side: MigrationSide;
  close(): Promise<void>;
}

/** Locks a data folder; refuses one a running Pointyard holds. */
async function lockFolder(dir: string, role: 'source' | 'destination'): Promise<InstanceLock> {
  try {
    return await lockDataFolder(dir);
  } catch (err) {
    if (err instanceof AlreadyRunning)
      throw new StoreError(
        `the ${role} ${dir} is in use by a running Pointyard: stop it (its data would change under the copy), then migrate`,
      );
    throw err;
  }
}

/** Refuses a source database no Pointyard ever opened (a mistyped URL), before anything creates tables in it. */
async function refuseNoSchema(url: string): Promise<void> {
  const side = await PgSide.connect(url);
  try {
    if (!(await side.hasPointyardSchema()))
      throw new StoreError(`no Pointyard data in the database ${side.where} (no Pointyard ever opened it)`);
  } finally {
    await side.close();
  }
}

/**
 * Opens `e` for a migration: as the source it must hold Pointyard data; as the destination it is created
 * when missing (a data folder) and its schema made. The caller checks that a destination is empty.
 */
export async function openEndpoint(e: Endpoint, role: 'source' | 'destination'): Promise<OpenedEndpoint> {
  if (e.engine === 'postgres') {
    if (role === 'source') await refuseNoSchema(e.url);
    const store = await openStore({ engine: e.url });
    if (role === 'source') await store.history.flush();
    await store.close();
    const side = await PgSide.connect(e.url);
    return { side, close: () => side.close() };
  }
  if (role === 'source' && !existsSync(join(e.dir, STATE_DATABASE)))
    throw new StoreError(`no Pointyard data in ${e.dir} (pointyard.db is missing)`);
  privateFolder(e.dir);
  const lock = await lockFolder(e.dir, role);
  try {
    const store = await openStore({ engine: 'sqlite', path: e.dir });
    try {
      if (role === 'source') await store.history.flush();
    } finally {
      await store.close();
    }
    const side = new SqliteSide(e.dir);
    return {
      side,
      close: async () => {
        await side.close();
        lock.release();
      },
    };
  } catch (err) {
    lock.release();
    throw err;
  }
}
