// The data folder before its databases open: owner-only modes (the state database holds every user's SCRAM
// keys), and a refusal to start a fresh database beside data that exists (a 0-byte or missing pointyard.db
// next to a full history.db is damage to repair, not a new install).

import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FILE_MODE, FOLDER_MODE } from '../file-modes.js';
import { StoreError } from '../store-error.js';

export const STATE_DATABASE = 'pointyard.db';
export const HISTORY_DATABASE = 'history.db';
export const BACKUPS_FOLDER = 'backups';
export const REPORTS_FOLDER = 'reports';

/** Told when a file or folder that others could read was made owner-only. */
export type OnTightened = (path: string, from: number, to: number) => void;

/** Bytes of a database: its file and its write-ahead log (0 when neither exists). */
function bytesOf(path: string): number {
  let bytes = 0;
  for (const file of [path, `${path}-wal`]) if (existsSync(file)) bytes += statSync(file).size;
  return bytes;
}

/** `missing`, `empty` (0 bytes) or `data`. */
function stateOf(path: string): 'missing' | 'empty' | 'data' {
  if (!existsSync(path)) return existsSync(`${path}-wal`) && bytesOf(path) > 0 ? 'data' : 'missing';
  return bytesOf(path) > 0 ? 'data' : 'empty';
}

const hasEntries = (dir: string) => existsSync(dir) && readdirSync(dir).length > 0;

/**
 * Refuses a folder where one database holds data and the other is missing or empty, or where both are gone
 * but backups remain, unless `acceptNew` says to create the missing database.
 */
export function refuseInconsistentFolder(dir: string, acceptNew: boolean): void {
  if (acceptNew) return;
  const state = stateOf(join(dir, STATE_DATABASE));
  const history = stateOf(join(dir, HISTORY_DATABASE));
  const lacking = (name: string, s: string) =>
    s === 'empty' ? `${name} is empty (0 bytes)` : `${name} is missing`;
  let problem: string | null = null;
  let lost = 'nothing';
  if (state === 'data' && history !== 'data') {
    problem = `${lacking(HISTORY_DATABASE, history)} while ${STATE_DATABASE} holds data`;
    lost = 'the history recorded so far is then lost';
  } else if (history === 'data' && state !== 'data') {
    problem = `${lacking(STATE_DATABASE, state)} while ${HISTORY_DATABASE} holds data`;
    lost = 'priority arrays, audit trail, alarms and users are then lost, and a new admin is created';
  } else if (state !== 'data' && history !== 'data' && hasEntries(join(dir, BACKUPS_FOLDER))) {
    problem = `${STATE_DATABASE} and ${HISTORY_DATABASE} are missing or empty while ${BACKUPS_FOLDER}/ holds backups`;
    lost = 'everything not restored is then lost';
  }
  if (problem === null) return;
  throw new StoreError(
    `refusing the data folder ${dir}: ${problem}. Nothing was changed. ` +
      `Restore both databases from the latest backup (copy ${BACKUPS_FOLDER}/<time>/${STATE_DATABASE} and ` +
      `${HISTORY_DATABASE} into ${dir} while Pointyard is stopped), or start with --accept-new-database to ` +
      `create a new, empty database beside the existing data (${lost})`,
  );
}

/** Makes `path` owner-only when others may read it (`mode`: FILE_MODE or FOLDER_MODE). */
function tighten(path: string, mode: number, onTightened: OnTightened): void {
  const current = statSync(path).mode & 0o777;
  if ((current & 0o077) === 0) return;
  chmodSync(path, mode);
  onTightened(path, current, mode);
}

/** Makes `dir` and everything under it owner-only (backups, reports). */
function tightenTree(dir: string, onTightened: OnTightened): void {
  tighten(dir, FOLDER_MODE, onTightened);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) tightenTree(path, onTightened);
    else if (entry.isFile()) tighten(path, FILE_MODE, onTightened);
  }
}

/**
 * Creates the data folder owner-only, or makes an existing one, its databases, backups and reports owner-only
 * (each change told to `onTightened`). Creates missing database files empty and owner-only first: SQLite
 * then gives their `-wal` and `-shm` files the same mode.
 */
export function privateDataFolder(dir: string, onTightened: OnTightened): void {
  if (existsSync(dir) && !statSync(dir).isDirectory())
    throw new StoreError(`cannot open the data folder ${dir}: it is a file, not a folder (check --data)`);
  if (existsSync(dir)) tighten(dir, FOLDER_MODE, onTightened);
  else mkdirSync(dir, { recursive: true, mode: FOLDER_MODE });
  for (const name of [STATE_DATABASE, HISTORY_DATABASE]) {
    for (const file of [name, `${name}-wal`, `${name}-shm`]) {
      const path = join(dir, file);
      if (existsSync(path)) tighten(path, FILE_MODE, onTightened);
    }
    const path = join(dir, name);
    if (!existsSync(path)) closeSync(openSync(path, 'a', FILE_MODE));
  }
  for (const folder of [BACKUPS_FOLDER, REPORTS_FOLDER]) {
    const path = join(dir, folder);
    if (existsSync(path)) tightenTree(path, onTightened);
  }
}

/** Creates `dir` (and its parents) owner-only, or makes it owner-only; for backups and reports. */
export function privateFolder(dir: string, onTightened: OnTightened = () => {}): void {
  if (existsSync(dir)) tighten(dir, FOLDER_MODE, onTightened);
  else mkdirSync(dir, { recursive: true, mode: FOLDER_MODE });
}

/** Creates `path` empty and owner-only (or makes it owner-only) before something else writes into it. */
export function privateFile(path: string): void {
  closeSync(openSync(path, 'a', FILE_MODE));
  chmodSync(path, FILE_MODE);
}
