// A driver runs a device whose values come from a real device (gateway mode) instead of a behaviour — a
// device has one or the other, never both (no simulated default, fault or counter on a real device): it
// reads the device and publishes what it reads, sends the device the value in force of its command points
// (the write path hands it over instead of setting the point store: a command's current value is what the
// device reads), and runs its momentary actions. The runtime starts and stops it; protocol code builds it
// (`RuntimeOptions.driverFor`; src/connectors builds them). Until a driver publishes a point, the point holds
// no value (status unknown).

import type { BehaviourEvent } from '../behaviours/behaviour.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { PointStatus } from '../core/point-status.js';
import type { Value } from '../core/value.js';
import type { Device } from '../site/model.js';
import type { PointStore } from './point-store.js';

export interface DeviceDriver {
  /** The link's status as a whole (ok, fault, down, disabled, unknown: docs/connectors.md). */
  readonly status: Exclude<PointStatus, 'stale'>;
  /** Begins reading the device; never throws (an unreachable device is a state, not an error). */
  start(): void;
  /** Stops reading and closes connections. */
  stop(): Promise<void>;
  /** A momentary action of one of the device's points (a write of 1 on the device). */
  runAction(pointId: string): void;
  /**
   * The value in force of a command point changed (a write committed): the device must get it; null when
   * nothing is written any more (the device keeps its own value, nothing is sent).
   */
  command(pointId: string, value: Value | null): void;
}

/** What a driver gets from the runtime. */
export interface DriverHost {
  readonly points: PointStore;
  readonly log: Logger;
  /** The site's clock: polls and retries are scheduled on it (virtual in tests). */
  readonly clock: Clock;
  /** A value read from the device: into the point store (status `ok` unless said) and the sample sinks. */
  publish(index: number, value: Value, ts: number, status?: PointStatus): void;
  /** Something that happened on the device (lost, back, a refused write…), saved with the site's events. */
  event(device: Device, ts: number, event: BehaviourEvent): void;
}

export type DriverFactory = (device: Device, host: DriverHost) => DeviceDriver | null;
