// Opening the store: the engine is picked from the site file's `store` settings, by name (`sqlite`, the
// default, in the data folder `path`; `memory`, nothing kept) or by URL (`postgres://…`, not available yet).
// Each engine's own options (SQLite's integrity check, lock wait…) pass through untouched.

import { STORE_ENGINES, urlScheme } from './engines.js';
import { MemoryStore } from './memory/memory-store.js';
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
}

/** Options of one engine, by engine: each engine reads only its own. */
export interface StoreEngineOptions {
  sqlite?: SqliteStoreOptions & { history?: SqliteHistoryOptions };
}

/** Opens the engine the settings name; a StoreError naming the known engines when it cannot. */
export async function openStore(settings: StoreSettings, options: StoreEngineOptions = {}): Promise<Store> {
  const engine = settings.engine ?? 'sqlite';
  const scheme = urlScheme(engine);
  if (scheme === 'postgres' || scheme === 'postgresql') {
    throw new StoreError(
      `store engine ${scheme}:// is not available yet: use one of ${STORE_ENGINES.join(', ')}`,
    );
  }
  switch (engine) {
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
