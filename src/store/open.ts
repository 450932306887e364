// Opening the store: the engine is picked from the site file's `store` settings, by name (`sqlite`, the
// default, in the data folder `path`; `memory`, nothing kept; `postgres` with its `url`) or by URL
// (`postgres://…`). Each engine's own options (SQLite's integrity check, lock wait…) pass through untouched.

import { POSTGRES_SCHEMES, STORE_ENGINES, urlScheme } from './engines.js';
import { MemoryStore } from './memory/memory-store.js';
import { openPostgresStore, type PostgresEngineOptions } from './postgres/open-postgres.js';
import type { SqliteHistoryOptions } from './sqlite/sqlite-history.js';
import { SqliteStore, type SqliteStoreOptions } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';
import { StoreError } from './store-error.js';

/** The store part of the site file: which engine, and where. */
export interface StoreSettings {
  /** An engine's name (`sqlite` when absent) or a database URL. */
  engine?: string;
  /** The data folder of a file-based engine (SQLite): required for it. */
  path?: string | null;
  /** The database URL of the `postgres` engine (the engine may also be the URL itself). */
  url?: string | null;
  /** Connections at most to a networked database. */
  poolSize?: number;
}

/** Options of one engine, by engine: each engine reads only its own. */
export interface StoreEngineOptions {
  sqlite?: SqliteStoreOptions & { history?: SqliteHistoryOptions };
  postgres?: PostgresEngineOptions;
}

/** Opens the engine the settings name; a StoreError naming the known engines when it cannot. */
export async function openStore(settings: StoreSettings, options: StoreEngineOptions = {}): Promise<Store> {
  const engine = settings.engine ?? 'sqlite';
  const scheme = urlScheme(engine);
  const postgres = { ...options.postgres, ...(settings.poolSize ? { poolSize: settings.poolSize } : {}) };
  if (scheme !== null && POSTGRES_SCHEMES.includes(scheme)) return openPostgresStore(engine, postgres);
  switch (engine) {
    case 'postgres':
      if (!settings.url)
        throw new StoreError(
          'the postgres store engine needs a database URL (store.url, or --store postgres://…)',
        );
      return openPostgresStore(settings.url, postgres);
    case 'sqlite': {
      if (!settings.path)
        throw new StoreError('the sqlite store engine needs a data folder (store.path or --data)');
      const { history, ...sqlite } = options.sqlite ?? {};
      return new SqliteStore(settings.path, history, sqlite);
    }
    case 'memory':
      return new MemoryStore();
    default:
      throw new StoreError(
        `unknown store engine ${JSON.stringify(scheme ? `${scheme}://` : engine)}: the known engines are ${STORE_ENGINES.join(', ')}`,
      );
  }
}
