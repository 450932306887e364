// Points as a protocol sees them: by index (O(1)) or key, their value, status and time, the value and level
// in force at a writable point's priority array, and one change feed for both.

import type { Value } from '../../core/value.js';
import type { PointEntry, PointState, PointStore } from '../point-store.js';
import type { WritePath } from '../write-path.js';

export interface PointsService {
  /** How many points the site has; indices run from 0 to size - 1. */
  readonly size: number;
  /** Index of `<device>.<point>`, or undefined. */
  indexOf(key: string): number | undefined;
  /** The point at `index`: its key, device and point model (RangeError when there is none). */
  entry(index: number): PointEntry;
  /** Value, status and the time either last changed. */
  read(index: number): PointState;
  /** False for a real device's point never read: the value slot holds the initial value, which means nothing. */
  hasValue(index: number): boolean;
  /** What is in force at a writable point (value and level, 17 the default), or undefined for another. */
  inForce(index: number): { value: Value; level: number } | undefined;
  /**
   * Calls `listener` with the index of each point whose value or status changed (past its deadband), or whose
   * value or level in force changed; until the returned function is called.
   */
  subscribe(listener: (index: number) => void): () => void;
}

export function pointsService(points: PointStore, writes: WritePath): PointsService {
  return {
    get size() {
      return points.size;
    },
    indexOf: (key) => points.indexOf(key),
    entry: (index) => points.entry(index),
    read: (index) => points.read(index),
    hasValue: (index) => points.hasValue(index),
    // Read for every record a read answers: straight from the entry, without the whole array.
    inForce: (index) => writes.inForce(points.entry(index)),
    subscribe(listener) {
      const offValues = points.subscribe((change) => listener(change.entry.index));
      // The level in force changes without the value when the same value is written at another level.
      const offInForce = writes.onInForceChange((key) => {
        const index = points.indexOf(key);
        if (index !== undefined) listener(index);
      });
      return () => {
        offValues();
        offInForce();
      };
    },
  };
}
