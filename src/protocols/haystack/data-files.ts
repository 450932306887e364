// The files the parking server writes into the data folder, as the API offers them for download: daily
// reports (<data>/reports/<name>) and backups (<data>/backups/<stamp>/<file>, named `<stamp>/<file>`).
// Names are checked against a strict pattern before any path is built, so no request reaches another file.

import { lstatSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Action } from '../../auth/roles.js';

export type FileKind = 'report' | 'backup';

export const FILE_KINDS: readonly FileKind[] = ['report', 'backup'];

/** The folder of each kind under the data folder, and how many name segments its files have. */
const LAYOUT: Record<FileKind, { folder: string; depth: number }> = {
  report: { folder: 'reports', depth: 1 },
  backup: { folder: 'backups', depth: 2 },
};

/** Backups hold every user's keys and the whole history: admins only. Reports: anyone logged in. */
export const FILE_ACTION: Record<FileKind, Action> = { report: 'read', backup: 'admin' };

export interface DataFile {
  kind: FileKind;
  /** `report-2026-01-05.csv`, `2026-01-05T10-30-00Z/pointyard.db` */
  name: string;
  path: string;
  size: number;
  /** Epoch ms. */
  mtime: number;
}

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export const isFileKind = (text: string): text is FileKind =>
  (FILE_KINDS as readonly string[]).includes(text);

/** The download route of a file, under the API: `/api/file/<kind>/<name>`. */
export const fileUri = (file: Pick<DataFile, 'kind' | 'name'>): string =>
  `/api/file/${file.kind}/${file.name.split('/').map(encodeURIComponent).join('/')}`;

/** Names that are ours and finished: no hidden files, no `.tmp` files being written. */
const listed = (name: string) => SEGMENT.test(name) && !name.endsWith('.tmp');

/** The regular file (not a link, not a folder) at `path`, or null. */
function regularFile(path: string): { size: number; mtime: number } | null {
  try {
    const stat = lstatSync(path);
    return stat.isFile() ? { size: stat.size, mtime: stat.mtimeMs } : null;
  } catch {
    return null;
  }
}

/** True when `path` is a folder itself, not a link to one. */
function realFolder(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

function names(dir: string): string[] {
  if (!realFolder(dir)) return [];
  try {
    return readdirSync(dir).filter(listed).sort();
  } catch {
    return [];
  }
}

/** Every file of `kind`, newest first (then by name). */
export function listDataFiles(dataDir: string, kind: FileKind): DataFile[] {
  const root = join(dataDir, LAYOUT[kind].folder);
  const relative =
    LAYOUT[kind].depth === 1
      ? names(root)
      : names(root).flatMap((stamp) => names(join(root, stamp)).map((file) => `${stamp}/${file}`));
  const files: DataFile[] = [];
  for (const name of relative) {
    const path = join(root, ...name.split('/'));
    const stat = regularFile(path);
    if (stat) files.push({ kind, name, path, ...stat });
  }
  return files.sort((a, b) => b.mtime - a.mtime || a.name.localeCompare(b.name));
}

/** The file `name` of `kind` when it is one of ours (a listed name of the right shape, a regular file), or null. */
export function findDataFile(dataDir: string, kind: FileKind, name: string): DataFile | null {
  const segments = name.split('/');
  if (segments.length !== LAYOUT[kind].depth || !segments.every(listed)) return null;
  const root = join(dataDir, LAYOUT[kind].folder);
  const folders = [root, ...segments.slice(0, -1).map((_, i) => join(root, ...segments.slice(0, i + 1)))];
  if (!folders.every(realFolder)) return null;
  const path = join(root, ...segments);
  const stat = regularFile(path);
  return stat ? { kind, name, path, ...stat } : null;
}

const TYPES: Record<string, string> = {
  '.csv': 'text/csv; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.db': 'application/vnd.sqlite3',
  '.gz': 'application/gzip',
};

export const contentTypeOf = (name: string): string =>
  TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream';
