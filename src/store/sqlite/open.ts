// Opening a SQLite database the way Pointyard needs it: WAL, a durability level, a busy timeout, and
// clear errors for a missing, read-only or full data folder.

import { accessSync, constants, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { explainStoreError } from '../store-error.js';

export type Durability = 'full' | 'normal';

/**
 * `full` syncs the WAL at every commit (writes survive a power cut); `normal` syncs at checkpoints (survives
 * a crash of the process, which is all history needs).
 */
export function openDatabase(path: string, durability: Durability): Database.Database {
  const folder = dirname(path);
  try {
    mkdirSync(folder, { recursive: true });
    accessSync(folder, constants.W_OK);
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}`);
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    return db;
  } catch (err) {
    throw explainStoreError(err, folder);
  }
}
