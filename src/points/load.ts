// Loading points lists from disk: a file path, or the id of a built-in profile shipped in `profiles/`.

import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ParseResult, parsePointsList } from './parse.js';
import type { PointsPlugin } from './points-plugin.js';
import { readText } from './read-text.js';

/** The folder of built-in profiles (the user's points lists, copied unchanged). */
export const BUILTIN_PROFILES_DIR = fileURLToPath(new URL('../../profiles/', import.meta.url));

const POINTS_LIST_FILE = /\.(md|txt|markdown)$/i;

export interface LoadedFile extends ParseResult {
  file: string;
}

/** Reads and parses one file; an unreadable file is reported like any other error. */
export function loadPointsList(
  file: string,
  plugins: readonly PointsPlugin[],
  displayName = file,
): LoadedFile {
  const read = readText(file, displayName);
  if (!read.ok) return { file, profile: null, lines: {}, diagnostics: [read.diagnostic] };
  return { file, ...parsePointsList(read.text, displayName, plugins) };
}

/** Every built-in profile, parsed, in file-name order. */
export function builtinProfiles(plugins: readonly PointsPlugin[], dir = BUILTIN_PROFILES_DIR): LoadedFile[] {
  return readdirSync(dir)
    .filter((name) => POINTS_LIST_FILE.test(name))
    .sort()
    .map((name) =>
      loadPointsList(join(dir, name), plugins, relative(process.cwd(), join(dir, name)) || name),
    );
}

/** A file path when one exists, else a built-in profile by id; null when neither matches. */
export function resolveProfile(
  fileOrId: string,
  plugins: readonly PointsPlugin[],
  dir = BUILTIN_PROFILES_DIR,
): LoadedFile | null {
  if (isFile(fileOrId)) return loadPointsList(fileOrId, plugins);
  return builtinProfiles(plugins, dir).find((loaded) => loaded.profile?.id === fileOrId) ?? null;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
