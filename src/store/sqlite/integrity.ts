// SQLite's own integrity checks at start-up, so that a damaged database is refused before anything writes
// into it. `quick` (the default) reads every page once and checks the structure of every table and index;
// `full` also checks that every index matches its table (slower on a large history); `off` skips the check.

import type Database from 'better-sqlite3';
import { StoreError } from '../store-error.js';

export type IntegrityCheck = 'quick' | 'full' | 'off';

export const INTEGRITY_CHECKS: readonly IntegrityCheck[] = ['quick', 'full', 'off'];

/** Problems SQLite lists at most: enough to tell, bounded for a badly damaged file. */
const MAX_PROBLEMS = 10;

/** What SQLite reports for `db`: `['ok']` when sound. */
function problemsOf(db: Database.Database, check: 'quick' | 'full'): string[] {
  const pragma = check === 'quick' ? 'quick_check' : 'integrity_check';
  try {
    return (db.pragma(`${pragma}(${MAX_PROBLEMS})`) as Array<Record<string, unknown>>).map((row) =>
      String(Object.values(row)[0]),
    );
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB'))
      return [(err as Error).message];
    throw err;
  }
}

/** Throws a StoreError that says what to do when `db` (the file `name` in `dir`) fails the check. */
export function checkIntegrity(
  db: Database.Database,
  name: string,
  dir: string,
  check: IntegrityCheck,
): void {
  if (check === 'off') return;
  const problems = problemsOf(db, check);
  if (problems.length === 1 && problems[0] === 'ok') return;
  // SQLite's own lines may span lines ("*** in database main ***\nTree 5 …"): one line in the message.
  const shown =
    problems
      .slice(0, 3)
      .map((p) => p.replace(/\s+/g, ' ').trim())
      .join('; ') + (problems.length > 3 ? '; …' : '');
  throw new StoreError(
    `${name} in ${dir} is damaged (${check} check: ${shown}). Nothing was written. Stop Pointyard and ` +
      `restore ${name} and its companion database from the latest backup in ${dir}/backups/, or move the ` +
      'damaged file aside and start with --accept-new-database to begin it anew; --check full lists every problem',
  );
}
