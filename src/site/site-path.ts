// A file the site file names: as given when absolute, else beside the site file (the working folder for a
// site built in code).

import { isAbsolute, resolve } from 'node:path';
import type { Site } from './model.js';

export function sitePath(site: Pick<Site, 'file'>, file: string): string {
  if (isAbsolute(file)) return file;
  return resolve(site.file ? resolve(site.file, '..') : process.cwd(), file);
}
