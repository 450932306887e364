// One subscriber's change-of-value filter. The point store announces every change; each subscriber (a
// protocol server, one client's watch or COV subscription, a publisher) decides with its own filter what it
// passes on: a number point's new value when it moved by at least the subscriber's increment from the value
// last passed to that subscriber; any other change (another type of value, a status) always. Two
// subscribers with different increments see the same point differently, as a COV increment per
// subscription asks.

import type { PointStatus } from '../../core/point-status.js';
import type { Value } from '../../core/value.js';
import type { Point } from '../../points/model.js';

/** What the filter compares: a value and its status. */
export interface PointState {
  value: Value;
  status: PointStatus;
}

/**
 * Default COV increment of a measured number: 0.1 % of its range (0 when it has none): small, but not every
 * jitter. Commands and discrete values have none: every change is passed on.
 */
export function defaultIncrement(point: Point): number {
  if (point.kind === 'command' || point.type !== 'number' || point.min === null || point.max === null)
    return 0;
  return Math.abs(point.max - point.min) / 1000;
}

/** A filter of points known by `K`: their index in the point store, or a protocol's own key (a record id). */
export class CovFilter<K = number> {
  /** Value and status last passed on (or kept as the reference), by point. */
  private readonly passed = new Map<K, PointState>();
  /** Increments set for this subscriber, by point; the others are `defaultOf`'s. */
  private readonly increments = new Map<K, number>();

  constructor(private readonly defaultOf: (point: Point) => number = defaultIncrement) {}

  /** This subscriber's increment for one point (negative is taken as 0). */
  setIncrement(key: K, increment: number): void {
    this.increments.set(key, Math.max(0, increment));
  }

  increment(key: K, point: Point): number {
    return this.increments.get(key) ?? this.defaultOf(point);
  }

  /**
   * Whether a change of a point is passed on; remembers it when it is. `previous` and `previousStatus` are what
   * the point held just before the change: for a point this filter has not seen yet, what its subscriber
   * found when it subscribed.
   */
  passes(
    key: K,
    point: Point,
    previous: Value,
    previousStatus: PointStatus,
    value: Value,
    status: PointStatus,
  ): boolean {
    let reference = this.passed.get(key);
    if (!reference) {
      // Kept from here on as the reference, so that small moves add up until one passes.
      reference = { value: previous, status: previousStatus };
      this.passed.set(key, reference);
    }
    const moved =
      value !== reference.value &&
      (typeof value !== 'number' ||
        typeof reference.value !== 'number' ||
        Math.abs(value - reference.value) >= this.increment(key, point));
    if (!moved && status === reference.status) return false;
    reference.value = value;
    reference.status = status;
    return true;
  }

  /**
   * Forgets what was passed on for a point (a watch that adds it again: its client has just read the value in
   * force, which is the reference from now on).
   */
  forget(key: K): void {
    this.passed.delete(key);
  }
}
