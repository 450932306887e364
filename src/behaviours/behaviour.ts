// What a device behaviour is: a pure step `(state, inputs, dt, rng) → (state, outputs, events)` with no I/O,
// no timers and no clock of its own, so that it runs the same in real time, faster, or in virtual time.
// Everything from outside comes in `StepInputs` (commands, actions, faults, other devices' signals, the
// runtime's measurements, the results of effects); everything going out is in `StepResult`.

import type { Rng } from '../core/rng.js';
import type { Value } from '../core/value.js';
import type { Point } from '../points/model.js';
import type { Device } from '../site/model.js';

export interface DeviceContext {
  device: Device;
  /** The site's IANA time zone, for daily profiles and midnight resets. */
  tz: string;
}

/**
 * Work with side effects a behaviour asks the runtime to do (an online backup, a report file, a
 * notification, a resynchronisation). The runtime does it outside the step and hands back an EffectResult.
 */
export interface Effect {
  kind: string;
  data?: Record<string, unknown>;
}

export interface EffectResult {
  kind: string;
  ok: boolean;
  /** When it finished, epoch ms. */
  at: number;
  message: string;
  data?: Record<string, unknown>;
}

export interface StepInputs {
  /** Simulation time at the end of this step, epoch ms. */
  now: number;
  /** Effective value of each command point (after priority arbitration), by point id. */
  commands: Record<string, Value>;
  /** Momentary actions committed since the last step, by point id, in order. */
  actions: string[];
  /** Faults active on this device now (injected or scripted), by name. */
  faults: ReadonlySet<string>;
  /**
   * Numbers other devices publish (see `StepResult.signals`), by name, as of their last step. Names are
   * `<family>/<device id>/<signal>`, e.g. `ev/ev-charger-1/available`.
   */
  signals: ReadonlyMap<string, number>;
  /** Measurements of the real world made by the runtime for this device (self-measurement), by name. */
  env: Readonly<Record<string, number>>;
  /** Effects this device asked for that finished since the last step. */
  results: EffectResult[];
  /**
   * Points of this device whose alarm a user acknowledged since the last step, by point id (a status a
   * behaviour holds until acknowledged, such as the parking server's Security Alert, ends there).
   */
  acknowledged?: readonly string[];
  /**
   * Requests a protocol agent of this device made since the last step, in order (an OCPP central system's
   * RemoteStartTransaction or its answer to an Authorize, for a simulated charger that is a charge point).
   */
  requests?: readonly DeviceRequest[];
}

/** A request from outside the points to a simulated device, by a protocol that speaks for it. */
export interface DeviceRequest {
  kind: string;
  data: Readonly<Record<string, unknown>>;
}

export interface BehaviourEvent {
  kind: string;
  point: string | null;
  message: string;
  data?: Record<string, unknown>;
}

export interface StepResult<S> {
  state: S;
  /** Values of sensor and status points, by point id (points left out keep their value). */
  outputs: Record<string, Value>;
  events: BehaviourEvent[];
  /** Numbers for other devices to read at their next step (merged into the site's signals). */
  signals?: Record<string, number>;
  /** Work for the runtime to do; its results come back in a later step's `results`. */
  effects?: Effect[];
}

/** A number a device publishes about itself beyond its points: a setting a client needs (with its unit). */
export interface DeviceFact {
  value: number;
  /** Pointyard unit symbol (`kW`), or null for a plain number. */
  unit: string | null;
}

export interface Behaviour<S = unknown> {
  readonly name: string;
  /** Faults this behaviour models, by name (what `pointyard fault` and scripted faults may name). */
  readonly faults: readonly string[];
  /** Initial state; `counters` holds the values saved by `counters` before the last stop. */
  init(ctx: DeviceContext, rng: Rng, now: number, counters: Record<string, number>): S;
  step(ctx: DeviceContext, state: S, inputs: StepInputs, dtSeconds: number, rng: Rng): StepResult<S>;
  /** Level-17 value of a command point: what it holds when nothing is written. */
  relinquishDefault(ctx: DeviceContext, point: Point): Value;
  /** Counters that must survive restarts, by name. */
  counters(state: S): Record<string, number>;
  /** Value of a `Sur demande` point, computed when read. */
  onDemand(ctx: DeviceContext, state: S, point: Point, now: number): Value;
  /** Why a command value is refused for this device (beyond type and range), or null. */
  refuse?(ctx: DeviceContext, point: Point, value: Value): string | null;
  /**
   * The only values a text command accepts on this device (the car park's configured tariff profiles), or
   * null when any text goes: the Haystack API publishes them as the point's `enum`, so that clients offer them.
   */
  choices?(ctx: DeviceContext, point: Point): string[] | null;
  /**
   * Settings of the device that clients need and no point carries (the car park's EV power limit), by tag
   * name: the Haystack API adds them to the device's equip record. Read once, when the API starts.
   */
  facts?(ctx: DeviceContext): Record<string, DeviceFact>;
  /**
   * On a node of a cluster that does not run this device and has lost the database (cut off from the other
   * nodes): what that node can tell of some of its points by itself, by point id (the car park's Database
   * Status is DISCONNECTED and its Cluster Status FAULT there), shown instead of the last values the device's
   * node shared until the database is back. The other points keep their last values, marked stale.
   */
  cutOff?(ctx: DeviceContext): Record<string, Value>;
}
