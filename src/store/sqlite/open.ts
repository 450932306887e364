// Opening a SQLite database the way Pointyard needs it: WAL, a durability level, a busy timeout for the
// start-up work only (see `stopWaitingForLocks`), and clear errors for a missing, read-only or full folder.

import { accessSync, constants, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { FOLDER_MODE } from '../file-modes.js';
import { explainStoreError } from './explain-error.js';

export type Durability = 'full' | 'normal';

/**
 * `full` syncs the WAL at every commit (writes survive a power cut); `normal` syncs at checkpoints (survives
 * a crash of the process, which is all history needs).
 */
export function openDatabase(path: string, durability: Durability): Database.Database {
  const folder = dirname(path);
  try {
    mkdirSync(folder, { recursive: true, mode: FOLDER_MODE });
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

/**
 * After start-up, SQLite must not wait for another connection's lock itself: its busy timeout sleeps inside
 * the synchronous call and freezes the event loop (every client of every server). Calls refused as
 * busy are tried again from a timer instead (busy-wait.ts).
 */
export function stopWaitingForLocks(db: Database.Database): void {
  db.pragma('busy_timeout = 0');
}
