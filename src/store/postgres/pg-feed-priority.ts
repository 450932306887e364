// A priority array as a `priority` change of the cluster's change feed carries it: one flat array of scalars,
// the 16 (or 17) level values followed by as many expiries (epoch ms or null); and how a commit merges a
// write's level change into the array as stored (another node may have changed other levels meanwhile).

import { PRIORITY_LEVELS, type PriorityArray } from '../../core/priority-array.js';
import type { Value } from '../../core/value.js';
import type { FeedValue } from './pg-feed-wire.js';

/** `array` as one flat list: its values, then its expiries. */
export function encodePriorityArray(array: PriorityArray): (Value | null)[] {
  return [...array.values, ...array.expiries];
}

/** The array a `priority` change carries, or null when it is not one (a malformed change). */
export function decodePriorityArray(value: FeedValue): PriorityArray | null {
  if (!Array.isArray(value) || value.length % 2 !== 0) return null;
  const n = value.length / 2;
  if (n < PRIORITY_LEVELS || n > PRIORITY_LEVELS + 1) return null;
  const expiries = value.slice(n);
  if (!expiries.every((e) => e === null || typeof e === 'number')) return null;
  return { values: value.slice(0, n), expiries: expiries as (number | null)[] };
}

const same = (a: PriorityArray, b: PriorityArray, i: number) =>
  (a.values[i] ?? null) === (b.values[i] ?? null) && (a.expiries[i] ?? null) === (b.expiries[i] ?? null);

/**
 * The levels a write changed (`before` → `after`) set in `stored` (the array as committed by any node), the
 * other levels as stored. With `onlyUnchanged` (an expiry), a level is changed only while `stored` still holds
 * what `before` held there.
 */
export function mergeLevels(
  stored: PriorityArray,
  before: PriorityArray,
  after: PriorityArray,
  onlyUnchanged: boolean,
): PriorityArray {
  const n = Math.max(stored.values.length, after.values.length);
  const values = Array.from({ length: n }, (_, i) => stored.values[i] ?? null);
  const expiries = Array.from({ length: n }, (_, i) => stored.expiries[i] ?? null);
  for (let i = 0; i < n; i++) {
    if (same(before, after, i)) continue;
    if (onlyUnchanged && !same(stored, before, i)) continue;
    values[i] = after.values[i] ?? null;
    expiries[i] = after.expiries[i] ?? null;
  }
  return { values, expiries };
}
