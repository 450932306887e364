// A driver runs a device whose values come from a real device (gateway mode) instead of a behaviour: it
// reads the device and publishes what it reads, forwards the writes that reach its command points, and runs
// its momentary actions. The runtime starts and stops it; protocol code builds it (`RuntimeOptions.driverFor`).

import type { BehaviourEvent } from '../behaviours/behaviour.js';
import type { Device } from '../site/model.js';
import type { PointStore } from './point-store.js';
import type { Logger } from './runtime.js';
import type { Value } from './value.js';

export interface DeviceDriver {
  /** Begins reading the device; never throws (an unreachable device is a state, not an error). */
  start(): void;
  /** Stops reading and closes connections. */
  stop(): Promise<void>;
  /** A momentary action of one of the device's points (a write of 1 on the device). */
  runAction(pointId: string): void;
}

/** What a driver gets from the runtime. */
export interface DriverHost {
  readonly points: PointStore;
  readonly log: Logger;
  /** A value read from the device: into the point store and to the sample sinks (history…). */
  publish(index: number, value: Value, ts: number): void;
  /** Something that happened on the device (lost, back, a refused write…), saved with the site's events. */
  event(device: Device, ts: number, event: BehaviourEvent): void;
}

export type DriverFactory = (device: Device, host: DriverHost) => DeviceDriver | null;
