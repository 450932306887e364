// The optional filters of Pointyard's list ops (alarms, audit, events, files): read from the request's first
// row, each checked for its type, so that a wrong one is an error grid naming it rather than ignored.

import { type HDict, HNum, HStr } from 'haystack-core';
import { parseRange } from '../datetime.js';
import { OpError } from '../grids.js';
import type { OpContext } from './context.js';
import { idText } from './record-ref.js';

/** Rows answered when the request names no `limit`, and the most it may ask for. */
export const DEFAULT_LIMIT = 200;
export const MAX_LIMIT = 10_000;

/** The request's first row (GET parameters are one), if any. */
export const firstRow = (ctx: OpContext): HDict | undefined => ctx.request.getRows()[0];

/** The Str `name` of `row`, or null when absent; another type is an error. */
export function optionalStr(op: string, row: HDict | undefined, name: string): string | null {
  const value = row?.get(name);
  if (value === undefined || value === null) return null;
  if (!(value instanceof HStr)) throw new OpError(`${op}: ${name} must be a Str, not ${value.toZinc()}`);
  return value.value;
}

/** `limit`: a whole Number from 1 to MAX_LIMIT, DEFAULT_LIMIT when absent. */
export function limitOf(op: string, row: HDict | undefined): number {
  const value = row?.get('limit');
  if (value === undefined || value === null) return DEFAULT_LIMIT;
  if (
    !(value instanceof HNum) ||
    !Number.isInteger(value.value) ||
    value.value < 1 ||
    value.value > MAX_LIMIT
  )
    throw new OpError(`${op}: limit must be a whole Number from 1 to ${MAX_LIMIT}, not ${value.toZinc()}`);
  return value.value;
}

/** `range` (the forms hisRead takes) as [from, to) epoch ms in the site's zone, or {} when absent. */
export function rangeOf(ctx: OpContext, op: string, row: HDict | undefined): { from?: number; to?: number } {
  const text = optionalStr(op, row, 'range');
  if (text === null) return {};
  const { start, end } = parseRange(text, ctx.records.site.site.tz, ctx.services.clock.now());
  return { from: start, to: end };
}

/** What an `id` filter names: the whole site, one device (its equip), or one point of a device. */
export interface Scope {
  device: string | null;
  point: string | null;
}

/** The scope of `row`'s `id` (a site, equip or point ref); the whole site when absent. */
export function scopeOf(ctx: OpContext, op: string, row: HDict | undefined): Scope {
  const value = row?.get('id');
  if (value === undefined || value === null) return { device: null, point: null };
  const id = idText(value);
  const record = id === null ? undefined : ctx.records.byId.get(id);
  if (id === null || !record)
    throw new OpError(`${op}: unknown record ${id === null ? value.toZinc() : `@${id}`}`);
  if (record.point !== null) {
    const entry = ctx.services.points.entry(record.point);
    return { device: entry.device.id, point: entry.point.id };
  }
  if (record.tags.equip !== undefined)
    return { device: id.slice(ctx.records.site.site.id.length + 1), point: null };
  return { device: null, point: null };
}

/** True when `device`/`point` are in `scope`. */
export const inScope = (scope: Scope, device: string, point: string | null): boolean =>
  (scope.device === null || scope.device === device) && (scope.point === null || scope.point === point);
