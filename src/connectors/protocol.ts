// What a protocol gives the connector framework: a thin dispatch. The framework owns the link, the status,
// the polling and the write queue; the protocol only says how its points are batched and how to read a
// batch, write a point, read a point back and run a momentary action over an open transport. A transport
// error thrown here is a lost link; an answer the device refuses is a value (`refused`), not an error.

import type { Value } from '../core/value.js';
import type { Opener, Transport } from './link.js';

/** A batch read: each point's value (null when it cannot be decoded), or the device's refusal. */
export type BatchRead =
  | { kind: 'values'; values: ReadonlyArray<readonly [pointId: string, value: Value | null]> }
  | { kind: 'refused'; why: string };

/** A write or an action: taken, or refused with the device's reason. */
export type WriteAnswer = { ok: true } | { ok: false; why: string };

export interface ConnectorProtocol<T extends Transport, B> {
  /** How to open the endpoint's link. */
  readonly open: Opener<T>;
  /** The batches a poll reads, each covering some of the device's points. */
  readonly batches: readonly B[];
  /** A batch's poll period, ms (its points' rate). */
  periodOf(batch: B): number;
  /** The ids of the points a batch covers. */
  pointsOf(batch: B): readonly string[];
  /** A batch for a person (log messages). */
  describe(batch: B): string;
  read(transport: T, batch: B): Promise<BatchRead>;
  /** Why the point cannot be written on the device, or null when it can. */
  unwritable(pointId: string): string | null;
  /** `value` as the device will read it back (rounding, scale, text cut to its size). */
  carried(pointId: string, value: Value): Value;
  write(transport: T, pointId: string, value: Value): Promise<WriteAnswer>;
  /** Reads one point (the read-back that confirms a write): its value, or null when unreadable. */
  readPoint(transport: T, pointId: string): Promise<Value | null>;
  /** Runs a momentary action on the device. */
  action(transport: T, pointId: string): Promise<WriteAnswer>;
}

/** The framework's settings of one connector (the site file's, through the protocol's source). */
export interface ConnectorSettings {
  host: string;
  port: number;
  /** A point whose last fresh read is older than this is `stale`, ms; 0: never. */
  staleAfterMs: number;
  /** The connector is off: nothing is read or written, every point `disabled`. */
  disabled: boolean;
}
