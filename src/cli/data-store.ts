// The store a maintenance command (`pointyard user`, `pointyard ocpp id-tag`) works on, the one `pointyard
// start` uses: the SQLite databases of the data folder (`--data`), or the engine `--store` names (a
// PostgreSQL URL). It works whether or not a server runs on that store.

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Option } from 'commander';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';

export interface DataStoreFlags {
  data: string;
  store?: string;
}

export const dataOption = () =>
  new Option('--data <dir>', 'data folder (the one `pointyard start` uses)').default('data');

/** `--store`, shared with `pointyard start`. */
export const storeOption = () =>
  new Option(
    '--store <engine|url>',
    'the store: sqlite in the data folder (the default), memory, or a PostgreSQL URL postgres://user@host:5432/db (the password from PGPASSWORD); default: the site file’s store.engine',
  );

/** Reports a failure the way every `pointyard` command does. */
export function fail(message: string): void {
  process.stderr.write(`pointyard: ${message}\n`);
  process.exitCode = 1;
}

/**
 * Runs `fn` on the store of `flags`, closing it after; `create` allows a data folder with no database yet
 * (a networked engine's database is made when it opens). Failures are reported with `fail`.
 */
export async function withDataStore(
  flags: DataStoreFlags,
  create: boolean,
  fn: (store: Store) => Promise<void>,
): Promise<void> {
  const dir = resolve(flags.data);
  const engine = flags.store ?? 'sqlite';
  if (engine === 'sqlite' && !create && !existsSync(join(dir, 'pointyard.db')))
    return fail(
      `no Pointyard data in ${dir} (name the data folder with --data, or the database with --store)`,
    );
  let store: Store;
  try {
    store = await openStore({ engine, path: dir });
  } catch (err) {
    return fail((err as Error).message);
  }
  try {
    await fn(store);
  } catch (err) {
    fail((err as Error).message);
  } finally {
    await store.close();
  }
}
