// Calls one op of a test server: POST with a Zinc body (GET with query parameters), and reads the answer as
// a grid (or, when the status is not 200, as text).
import assert from 'node:assert/strict';
import { HGrid, HRef, type HVal, ZincReader } from 'haystack-core';

export interface OpAnswer {
  status: number;
  text: string;
  /** The grid of a 200 answer. */
  grid: HGrid;
  /** The error grid's `dis`, or null. */
  error: string | null;
}

/** POST `body` (Zinc) to `op`; with `query`, GET `op?query` instead. */
export async function callOp(
  url: string,
  fetch: typeof globalThis.fetch,
  op: string,
  body: string | { query: Record<string, string> } = '',
): Promise<OpAnswer> {
  const response =
    typeof body === 'string'
      ? await fetch(`${url}${op}`, { method: 'POST', headers: { 'content-type': 'text/zinc' }, body })
      : await fetch(`${url}${op}?${new URLSearchParams(body.query)}`);
  const text = await response.text();
  if (response.status !== 200) return { status: response.status, text, grid: HGrid.make({}), error: null };
  const grid = ZincReader.readValue(text);
  assert.ok(grid instanceof HGrid, text);
  return { status: 200, text, grid, error: grid.meta.has('err') ? String(grid.meta.get('dis')) : null };
}

/** The rows of a grid as plain objects (Hayson values), for deepEqual. */
export const rowsOf = (grid: HGrid) => grid.getRows().map((r) => r.toJSON() as Record<string, unknown>);

/** A Ref as `@id`, without the display name a Zinc answer carries (`@id "dis"`); another value as text. */
export const refText = (value: HVal | null | undefined): string | undefined =>
  value instanceof HRef ? `@${value.value}` : value?.toString();

/** The string form of one cell. */
export const cell = (grid: HGrid, row: number, name: string): string | undefined =>
  grid.getRows()[row]?.get(name)?.toString();

/** POST `body` (Zinc) to `op`, expecting HTTP 200: the answer's grid, an error grid too. */
export async function postGrid(
  url: string,
  fetch: typeof globalThis.fetch,
  op: string,
  body: string,
): Promise<HGrid> {
  const answer = await callOp(url, fetch, op, body);
  assert.equal(answer.status, 200, answer.text);
  return answer.grid;
}

/** The `dis` of an error grid ('' without one), or null when `grid` is not an error. */
export const errorOf = (grid: HGrid): string | null =>
  grid.meta.has('err') ? (grid.meta.get('dis')?.toString() ?? '') : null;

/** `grid`, once checked not to be an error grid. */
export function withoutError(grid: HGrid): HGrid {
  assert.ok(!grid.meta.has('err'), grid.meta.get('dis')?.toString());
  return grid;
}
