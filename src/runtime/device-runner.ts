// Runs one device: steps its behaviour at the device's period and publishes the outputs to the point store
// at each point's own rate — periodic points when due, `Sur événement` points when they change, `Sur
// demande` points when read. Every published value is offered to the sample sinks (history, CSV…).

import type {
  Behaviour,
  BehaviourEvent,
  DeviceContext,
  DeviceRequest,
  Effect,
  EffectResult,
  StepInputs,
  StepResult,
} from '../behaviours/behaviour.js';
import type { Rng } from '../core/rng.js';
import type { Value } from '../core/value.js';
import type { Point } from '../points/model.js';
import type { Device } from '../site/model.js';
import type { PointEntry, PointStore } from './point-store.js';

/** Shortest step a device takes, ms: the 100 ms of the fastest points lists. */
export const MIN_PERIOD_MS = 100;
/** Step of a device whose points are all on demand or on event. */
export const DEFAULT_PERIOD_MS = 1000;

const NO_ACTIONS: string[] = [];
const NO_RESULTS: EffectResult[] = [];
const NO_REQUESTS: DeviceRequest[] = [];

export type SampleSink = (entry: PointEntry, t: number, value: Value) => void;
export type EventSink = (device: Device, t: number, event: BehaviourEvent) => void;

/** What a runner shares with the rest of the site. */
export interface SiteLink {
  /** The signals every device publishes, shared by all runners. */
  signals: Map<string, number>;
  /** A step set one of `device`'s signals to a new value (a node of a cluster shares it with the others). */
  signalChanged?(device: Device, name: string, value: number, now: number): void;
  /** The runtime's measurements for a device (self-measurement); `{}` for most. */
  env(device: Device, now: number): Readonly<Record<string, number>>;
  /** Hands an effect to the runtime, which delivers the result back with `deliver`. */
  effect(runner: DeviceRunner, effect: Effect, now: number): void;
  samples: SampleSink[];
  events: EventSink;
}

/** The device's step period: its fastest periodic point, bounded below. */
export function periodOf(device: Device): number {
  const intervals = device.profile.points
    .filter((p) => p.kind !== 'command' && p.update === 'periodic' && p.intervalMs !== null)
    .map((p) => p.intervalMs as number);
  return intervals.length === 0 ? DEFAULT_PERIOD_MS : Math.max(MIN_PERIOD_MS, Math.min(...intervals));
}

interface Output {
  point: Point;
  id: string;
  index: number;
  /** Publication interval of a periodic point, ms; 0 for a point published when it changes. */
  intervalMs: number;
  /** Next time a periodic point is due, epoch ms. */
  due: number;
}

export class DeviceRunner {
  readonly periodMs: number;
  /** Faults active on the device now. */
  readonly faults = new Set<string>();
  private state: unknown;
  private lastStep: number;
  private actions: string[] = [];
  private results: EffectResult[] = [];
  private acknowledged: string[] = [];
  private requests: DeviceRequest[] = [];
  private readonly outputs: Output[];
  private readonly commands: Array<{ id: string; index: number }>;
  private readonly onDemand: Output[];
  /** The environment's measurements read during this step (null: not read yet). */
  private envOfStep: Readonly<Record<string, number>> | null = null;
  /** What the behaviour gets at each step: one object, refreshed in place (no allocation per step). */
  private readonly inputs: StepInputs;

  constructor(
    readonly ctx: DeviceContext,
    readonly behaviour: Behaviour,
    private readonly points: PointStore,
    private readonly rng: Rng,
    now: number,
    counters: Record<string, number>,
    private readonly link: SiteLink,
  ) {
    const { device } = ctx;
    this.periodMs = periodOf(device);
    this.lastStep = now;
    const runner = this;
    this.inputs = {
      now,
      commands: {},
      actions: NO_ACTIONS,
      faults: this.faults,
      signals: link.signals,
      // Read from the site only by a behaviour that looks at it (the parking server's), once per step: the
      // measurements cost something, and a site of thousands of devices steps each of them every second.
      get env() {
        return runner.environment();
      },
      results: NO_RESULTS,
    };
    const indexOf = (p: Point) => points.indexOf(`${device.id}.${p.id}`) as number;
    const fed = device.profile.points.filter((p) => p.kind !== 'command');
    const output = (point: Point): Output => ({
      point,
      id: point.id,
      index: indexOf(point),
      intervalMs: point.update === 'periodic' ? (point.intervalMs ?? DEFAULT_PERIOD_MS) : 0,
      due: now,
    });
    this.outputs = fed.filter((p) => p.update !== 'onDemand').map(output);
    this.onDemand = fed.filter((p) => p.update === 'onDemand').map(output);
    this.commands = device.profile.points
      .filter((p) => p.kind === 'command' && p.type !== 'action')
      .map((p) => ({ id: p.id, index: indexOf(p) }));
    this.state = behaviour.init(ctx, rng, now, counters);
  }

  get device(): Device {
    return this.ctx.device;
  }

  /** The environment's measurements for this step, read at the first look of the step. */
  private environment(): Readonly<Record<string, number>> {
    this.envOfStep ??= this.link.env(this.ctx.device, this.inputs.now);
    return this.envOfStep;
  }

  /** Refreshes the inputs for a step ending at `now`. */
  private prepare(now: number, withQueues: boolean): StepInputs {
    const inputs = this.inputs;
    for (const c of this.commands) inputs.commands[c.id] = this.points.value(c.index);
    inputs.now = now;
    this.envOfStep = null;
    inputs.actions = withQueues && this.actions.length > 0 ? this.actions.splice(0) : NO_ACTIONS;
    inputs.results = withQueues && this.results.length > 0 ? this.results.splice(0) : NO_RESULTS;
    inputs.acknowledged =
      withQueues && this.acknowledged.length > 0 ? this.acknowledged.splice(0) : NO_ACTIONS;
    inputs.requests = withQueues && this.requests.length > 0 ? this.requests.splice(0) : NO_REQUESTS;
    return inputs;
  }

  /** Signals and effects of a step go to the site. */
  private share(result: StepResult<unknown>, now: number): void {
    if (result.signals) this.setSignals(result.signals, now);
    if (result.effects) for (const effect of result.effects) this.link.effect(this, effect, now);
  }

  /** Sets the step's signals; those whose value moved are told to the site. */
  private setSignals(signals: Readonly<Record<string, number>>, now: number): void {
    const { link } = this;
    for (const name in signals) {
      const value = signals[name] as number;
      const before = link.signals.get(name);
      link.signals.set(name, value);
      // NaN never equals itself: told once, not at every step.
      if (before !== value && !(Number.isNaN(before) && Number.isNaN(value)))
        link.signalChanged?.(this.ctx.device, name, value, now);
    }
  }

  /** Puts the behaviour's initial values into the point store (a step of zero length, recorded nowhere). */
  prime(now: number): void {
    const result = this.behaviour.step(this.ctx, this.state, this.prepare(now, false), 0, this.rng);
    this.state = result.state;
    if (result.signals) this.setSignals(result.signals, now);
    for (const out of this.outputs) {
      const value = result.outputs[out.id];
      if (value !== undefined) this.points.update(out.index, value, now);
    }
  }

  /** Queues a committed momentary action for the next step. */
  runAction(pointId: string): void {
    this.actions.push(pointId);
  }

  /** Queues, for the next step, that a user acknowledged the alarm of the point `pointId`. */
  acknowledge(pointId: string): void {
    this.acknowledged.push(pointId);
  }

  /** Queues a protocol agent's request for the next step. */
  request(request: DeviceRequest): void {
    this.requests.push(request);
  }

  /** Queues the result of an effect for the next step. */
  deliver(result: EffectResult): void {
    this.results.push(result);
  }

  /** Advances the behaviour to `now` and publishes what is due. */
  step(now: number): void {
    const dt = Math.max(0, (now - this.lastStep) / 1000);
    this.lastStep = now;
    const result = this.behaviour.step(this.ctx, this.state, this.prepare(now, true), dt, this.rng);
    this.state = result.state;
    const values = result.outputs;
    for (const out of this.outputs) {
      if (out.intervalMs > 0) {
        if (now < out.due) continue;
        const value = values[out.id];
        if (value === undefined) continue;
        out.due += out.intervalMs;
        if (out.due <= now) out.due = now + out.intervalMs; // fell behind (a long pause): resume from now
        this.publish(out, now, value);
      } else {
        const value = values[out.id];
        if (value !== undefined && value !== this.points.value(out.index)) this.publish(out, now, value);
      }
    }
    for (const event of result.events) this.link.events(this.ctx.device, now, event);
    this.share(result, now);
  }

  /**
   * Starts the behaviour again at `now` from `counters` (a node of a cluster taking the device over): its state
   * is initialised as at a start, its periodic points are due at once.
   */
  restart(now: number, counters: Record<string, number>): void {
    this.state = this.behaviour.init(this.ctx, this.rng, now, counters);
    this.lastStep = now;
    for (const out of this.outputs) out.due = now;
  }

  /** Skips a step (the site is disabled): time passes for the behaviour's next dt, nothing is computed. */
  skip(now: number): void {
    this.lastStep = now;
  }

  private publish(out: Output, now: number, value: Value): void {
    this.points.update(out.index, value, now);
    const entry = this.points.entry(out.index);
    for (const sink of this.link.samples) sink(entry, now, value);
  }

  /** Computes a `Sur demande` point now (the point store calls this when it is read). */
  /** What a node cut off from the others can tell of this device's points by itself (Behaviour.cutOff). */
  cutOffValues(): Record<string, Value> {
    return this.behaviour.cutOff?.(this.ctx) ?? {};
  }

  readOnDemand(index: number, now: number): Value | undefined {
    const out = this.onDemand.find((o) => o.index === index);
    return out ? this.behaviour.onDemand(this.ctx, this.state, out.point, now) : undefined;
  }

  /** Indices of this device's `Sur demande` points. */
  get onDemandIndices(): number[] {
    return this.onDemand.map((o) => o.index);
  }

  /** Indices of every point the behaviour feeds (sensors and status). */
  get fedIndices(): number[] {
    return [...this.outputs, ...this.onDemand].map((o) => o.index);
  }

  counters(): Record<string, number> {
    return this.behaviour.counters(this.state);
  }
}
