// The record named by an `id` cell (a Ref, or a Str with or without `@`), or an error grid.

import { HRef, HStr } from 'haystack-core';
import { OpError } from '../grids.js';
import type { HaystackRecord, SiteRecords } from '../records.js';

export function idText(value: unknown): string | null {
  if (value instanceof HRef) return value.value;
  if (value instanceof HStr) return value.value.replace(/^@/, '');
  return null;
}

/** The point record named by `value`: it must exist and be a point. */
export function pointRecordOf(records: SiteRecords, value: unknown): HaystackRecord & { point: number } {
  const id = idText(value);
  const record = id === null ? undefined : records.byId.get(id);
  if (!record) throw new OpError(`unknown record ${id === null ? '(no id)' : `@${id}`}`);
  if (record.point === null) throw new OpError(`@${id} is not a point`);
  return record as HaystackRecord & { point: number };
}
