// The store conformance suite on the PostgreSQL engine as `openStore` opens it (a database URL): a fresh
// database of a cluster of this file's own per test, reopened on the same database, and crashed (the pool
// dropped with nothing flushed or closed, as a killed process leaves it) then opened again.
import { describe } from 'node:test';
import { storeConformance } from '../../src/store/conformance/index.js';
import { openStore } from '../../src/store/open.js';
import type { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { Store } from '../../src/store/store.js';
import { filePostgres } from '../support/postgres.js';

const { skip, postgres } = filePostgres({ fsync: false });

/** Small chunks, so that a few samples span several of them (as the SQLite run has). */
const HISTORY = { chunkSamples: 4, chunkSpanMs: 10_000 };
const urls = new WeakMap<Store, string>();

async function openOn(url: string): Promise<Store> {
  const store = await openStore({ engine: url }, { postgres: { history: HISTORY, poolSize: 4 } });
  urls.set(store, url);
  return store;
}

describe('PostgreSQL engine', { skip }, () => {
  storeConformance('PostgreSQL', {
    open: async () => openOn(await postgres().createDatabase('conformance')),
    reopen: async (store) => {
      await store.close();
      return openOn(urls.get(store) as string);
    },
    crash: async (store) => {
      await (store as PostgresStore).db.close();
      return openOn(urls.get(store) as string);
    },
  });
});
