// SQLite's and the file system's error codes, explained as StoreErrors for the data folder they came from.

import { StoreError } from '../store-error.js';

/** Explains an error from the database or the file system for the data folder `where`. */
export function explainStoreError(err: unknown, where: string): StoreError {
  if (err instanceof StoreError) return err;
  const code = (err as { code?: string }).code ?? '';
  const text = (err as Error).message ?? String(err);
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || /disk is full|database or disk is full/i.test(text)) {
    return new StoreError(`the disk holding ${where} is full: free some space and restart`, err);
  }
  if (
    code === 'SQLITE_READONLY' ||
    code === 'EROFS' ||
    code === 'EACCES' ||
    code === 'EPERM' ||
    /readonly|read-only/i.test(text)
  ) {
    return new StoreError(
      `cannot write to ${where}: the folder or its files are read-only (check permissions or --data)`,
      err,
    );
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new StoreError(
      `the database in ${where} stayed locked by another program (another Pointyard, a backup tool, an open sqlite3 shell): the work was not done, try again once it lets go`,
      err,
    );
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'ENOENT') {
    return new StoreError(`cannot open the database in ${where}: ${text}`, err);
  }
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
    return new StoreError(
      `the database in ${where} is damaged (${text}); restore a backup or move it aside`,
      err,
    );
  }
  return new StoreError(`store failure in ${where}: ${text}`, err);
}
