// What a protocol gives the connector framework: a thin dispatch. The framework owns the link, the status,
// the polling and the write queue; the protocol only says how its points are batched and how to read a
// batch, write a point, read a point back and run a momentary action over an open transport, and (optional
// `push`) how to subscribe to a point's changes when the device can tell of them on its own. A transport
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
  /** How the device tells of its points' changes on its own (push-subscriptions.ts); absent: every point is polled. */
  readonly push?: ConnectorPush<T>;
}

/** Hands the framework a value the device pushed for one of its points (null: it cannot be decoded). */
export type PushDelivery = (value: Value | null) => void;

/** A subscription made, or refused by the device (the point is then polled only, for the connector's life). */
export type SubscribeAnswer = { ok: true } | { ok: false; why: string };

/**
 * The optional push part of a protocol: subscriptions to a point's changes, made over the open transport,
 * which then hands the values the device sends to `deliver` as they come. A subscription lasts `lifetimeMs`
 * on the device; the framework renews it at half of that, makes it again after a lost link, and cancels it
 * when the connector stops. A thrown error is a lost link, as for the other requests.
 */
export interface ConnectorPush<T extends Transport> {
  /** How long a subscription lasts on the device, ms (renewed at half of it). */
  readonly lifetimeMs: number;
  /**
   * How often a batch whose every point has a live subscription is still read (the safety net against a
   * lost notification or a device that forgot the subscription), ms; a batch slower than this keeps its rate.
   */
  readonly coveredPollMs: number;
  /** The points that may be subscribed to (the others are only polled). */
  readonly points: readonly string[];
  /** Subscribes to (or renews) the changes of `pointId` on the device; pushed values go to `deliver`. */
  subscribe(transport: T, pointId: string, deliver: PushDelivery): Promise<SubscribeAnswer>;
  /** Ends the subscription of `pointId` on the device (the connector stops). */
  cancel(transport: T, pointId: string): Promise<void>;
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
