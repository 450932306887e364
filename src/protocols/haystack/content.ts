// Formats of the Haystack HTTP API: Zinc (the default), JSON v4 (Hayson) and CSV for responses; Zinc and
// JSON for request grids, and GET query parameters as a one-row grid.

import { HDict, HGrid, HStr, type HVal, Scanner, ZincReader } from 'haystack-core';
import { gridCsv } from './csv.js';
import type { Format } from './format.js';
import { HisGrid } from './his-grid.js';
import { withHaxallUriEscapes } from './uri-escapes.js';
import { readZincGrid } from './zinc-batches.js';
import { zincGrid } from './zinc-writer.js';

/** The format a media type names, or null when it is not one of ours (wildcards are a fallback, not a name). */
function formatOf(type: string, params: string[]): Format | null {
  if (type === 'text/zinc' || type === 'text/plain') return 'zinc';
  if (type === 'application/json' || type === 'application/vnd.haystack+json')
    return params.some((p) => /^version\s*=\s*"?3"?$/i.test(p)) ? null : 'json'; // Haystack 3 JSON: not ours
  if (type === 'text/csv') return 'csv';
  return null;
}

/**
 * The response format an Accept header asks for: the named type of ours with the highest q-value, the first
 * of equals; a wildcard (any type, any text type) only when none is named, for Zinc; null when nothing fits
 * (406). A q-value of 0 refuses a type.
 */
export function acceptFormat(accept: string | undefined): Format | null {
  if (!accept || accept.trim() === '') return 'zinc';
  let best: { format: Format; q: number } | null = null;
  let fallback = false;
  for (const range of accept.split(',')) {
    const [rawType = '', ...rawParams] = range.split(';');
    const type = rawType.trim().toLowerCase();
    const params = rawParams.map((p) => p.trim());
    const qParam = params.find((p) => /^q\s*=/i.test(p));
    const q = qParam === undefined ? 1 : Number(qParam.replace(/^q\s*=\s*/i, ''));
    if (!(q > 0) || q > 1) continue; // q=0 refuses the type; an unreadable q is ignored
    if (type === '*/*' || type === 'text/*') {
      fallback = true;
      continue;
    }
    const format = formatOf(type, params);
    if (format !== null && (best === null || q > best.q)) best = { format, q };
  }
  return best?.format ?? (fallback ? 'zinc' : null);
}

export function encodeGrid(grid: HGrid | HisGrid, format: Format): string {
  if (grid instanceof HisGrid) return grid.encode(format);
  if (format === 'json') return JSON.stringify(grid.toJSON());
  if (format === 'csv') return gridCsv(grid);
  return `${zincGrid(grid)}\n`;
}

/**
 * The request grid of a POST body, or null when its type is not Zinc or JSON (415). Rejects on a bad body.
 * A large Zinc body is read a batch of rows at a time, letting other requests through in between.
 */
export async function decodeBody(body: string, contentType: string | undefined): Promise<HGrid | null> {
  if (body.trim() === '') return HGrid.make({});
  const type = (contentType ?? 'text/zinc').split(';')[0]?.trim().toLowerCase();
  if (type === 'text/zinc' || type === 'text/plain') return readZincGrid(body);
  if (type === 'application/json' || type === 'application/vnd.haystack+json') {
    return HGrid.make(JSON.parse(body));
  }
  return null;
}

/** One Zinc value from a query parameter; anything that is not wholly a Zinc value is a Str. */
function queryValue(text: string): HVal {
  try {
    const scanner = new Scanner(withHaxallUriEscapes(text));
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
