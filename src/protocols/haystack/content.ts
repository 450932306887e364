// Formats of the Haystack HTTP API: Zinc (the default), JSON v4 (Hayson) and CSV for responses; Zinc and
// JSON for request grids, and GET query parameters as a one-row grid.

import { HDict, HGrid, HStr, type HVal, Scanner, ZincReader } from 'haystack-core';
import { gridCsv } from './csv.js';
import { HisGrid } from './his-grid.js';

export type Format = 'zinc' | 'json' | 'csv';

export const MIME: Record<Format, string> = {
  zinc: 'text/zinc; charset=utf-8',
  json: 'application/vnd.haystack+json; version=4; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

/** The response format an Accept header asks for (its first type), or null when it is none of ours (406). */
export function acceptFormat(accept: string | undefined): Format | null {
  if (!accept || accept.includes('*/*')) return 'zinc';
  const first = (accept.split(',')[0] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (first === 'text/zinc' || first === 'text/plain') return 'zinc';
  if (first === 'application/json' || first === 'application/vnd.haystack+json')
    return /version=3/.test(accept.split(',')[0] ?? '') ? null : 'json';
  if (first === 'text/csv') return 'csv';
  return null;
}

export function encodeGrid(grid: HGrid | HisGrid, format: Format): string {
  if (grid instanceof HisGrid) return grid.encode(format);
  if (format === 'json') return JSON.stringify(grid.toJSON());
  if (format === 'csv') return gridCsv(grid);
  return `${grid.toZinc()}\n`;
}

/** The request grid of a POST body, or null when its type is not Zinc or JSON (415). Throws on a bad body. */
export function decodeBody(body: string, contentType: string | undefined): HGrid | null {
  if (body.trim() === '') return HGrid.make({});
  const type = (contentType ?? 'text/zinc').split(';')[0]?.trim().toLowerCase();
  if (type === 'text/zinc' || type === 'text/plain') {
    const grid = ZincReader.readValue(body);
    if (!(grid instanceof HGrid)) throw new Error('the body is not a Zinc grid');
    return grid;
  }
  if (type === 'application/json' || type === 'application/vnd.haystack+json') {
    return HGrid.make(JSON.parse(body));
  }
  return null;
}

/** One Zinc value from a query parameter; anything that is not wholly a Zinc value is a Str. */
function queryValue(text: string): HVal {
  try {
    const scanner = new Scanner(text);
    const value = new ZincReader(scanner).readValue();
    scanner.consumeWhiteSpace();
    if (scanner.isEof() && value !== undefined && value !== null) return value;
  } catch {
    // not Zinc: a Str
  }
  return HStr.make(text);
}

/** GET query parameters as the request grid: one row, each parameter a tag. */
export function queryGrid(query: Record<string, unknown>): HGrid {
  const tags: Record<string, HVal> = {};
  for (const [name, value] of Object.entries(query))
    if (typeof value === 'string') tags[name] = queryValue(value);
  return Object.keys(tags).length === 0 ? HGrid.make({}) : HGrid.make({ rows: [HDict.make(tags)] });
}
