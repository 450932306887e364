// The store conformance suite on every engine: SQLite (a fresh data folder per test, reopened and crashed on
// the same folder) and the in-memory store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { storeConformance } from '../../src/store/conformance/index.js';
import { openStore } from '../../src/store/open.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/store.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-conformance-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

/** Small chunks, so that a few samples span several of them. */
const HISTORY = { chunkSamples: 4, chunkSpanMs: 10_000 };
const openSqlite = (path: string) => openStore({ engine: 'sqlite', path }, { sqlite: { history: HISTORY } });
const folderOf = (store: Store) => (store as SqliteStore).dir;

storeConformance('SQLite', {
  open: () => openSqlite(join(root, `data-${++n}`)),
  reopen: async (store) => {
    await store.close();
    return openSqlite(folderOf(store));
  },
  crash: (store) => {
    // As a killed process: the databases closed with nothing flushed.
    (store.history as unknown as { close(): void }).close();
    (store as SqliteStore).database.close();
    return openSqlite(folderOf(store));
  },
});

storeConformance('memory', { open: () => openStore({ engine: 'memory' }) });
