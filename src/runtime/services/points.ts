// Points as a protocol sees them: by index (O(1)) or key, their value, status and time, what is in force at a
// writable point's priority array (value and level in force), and one change feed for both, filtered for
// each subscriber by its own change-of-value increments (cov-filter.ts).

import type { Value } from '../../core/value.js';
import type { Point } from '../../points/model.js';
import type { PointChange, PointEntry, PointState, PointStore } from '../point-store.js';
import type { WritePath } from '../write-path.js';
import { CovFilter } from './cov-filter.js';

/** A change passed on: the point's index, and the change of value or status (null: what is in force changed). */
export type ChangeListener = (index: number, change: PointChange | null) => void;

export interface ChangeOptions {
  /**
   * This subscriber's change-of-value increment of a point (default: 0.1 % of a measured number's range, 0 for
   * anything else). Null passes every change on, for a subscriber that filters by itself.
   */
  increment?: ((point: Point) => number) | null;
}

export interface ChangeSubscription {
  /** Sets this subscriber's increment for one point. */
  setIncrement(index: number, increment: number): void;
  /** Stops the feed. */
  close(): void;
}

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
   * Calls `listener` for each point whose status changed, whose value moved by this subscriber's increment
   * since the value last passed on, or whose value or level in force changed; until the subscription is closed.
   */
  subscribe(listener: ChangeListener, options?: ChangeOptions): ChangeSubscription;
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
    subscribe(listener, options = {}) {
      const filter = options.increment === null ? null : new CovFilter(options.increment);
      const offValues = points.subscribe((change) => {
        const { index, point } = change.entry;
        const { previous, previousStatus, value, status } = change;
        if (!filter || filter.passes(index, point, previous, previousStatus, value, status))
          listener(index, change);
      });
      // The level in force changes without the value when the same value is written at another level.
      const offInForce = writes.onInForceChange((key) => {
        const index = points.indexOf(key);
        if (index !== undefined) listener(index, null);
      });
      return {
        setIncrement: (index, value) => filter?.setIncrement(index, value),
        close() {
          offValues();
          offInForce();
        },
      };
    },
  };
}
