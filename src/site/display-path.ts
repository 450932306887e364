// Paths as messages show them.

import { isAbsolute, relative } from 'node:path';

/** Relative to the working folder when inside it (`sites/demo.yaml`), else absolute. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
