// Runs one device: steps its behaviour at the device's period and publishes the outputs to the point store
// at each point's own rate — periodic points when due, `Sur événement` points when they change, `Sur
// demande` points when read. Every published value is offered to the sample sinks (history, CSV…).

import type { Behaviour, BehaviourEvent, DeviceContext, StepInputs } from '../behaviours/behaviour.js';
import type { Point } from '../points/model.js';
import type { Device } from '../site/model.js';
import type { PointEntry, PointStore } from './point-store.js';
import type { Rng } from './rng.js';
import type { Value } from './value.js';

/** Shortest step a device takes, ms: the 100 ms of the fastest points lists. */
export const MIN_PERIOD_MS = 100;
/** Step of a device whose points are all on demand or on event. */
export const DEFAULT_PERIOD_MS = 1000;

const NO_ACTIONS: string[] = [];

export type SampleSink = (entry: PointEntry, t: number, value: Value) => void;
export type EventSink = (device: Device, t: number, event: BehaviourEvent) => void;

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
  private state: unknown;
  private lastStep: number;
  private actions: string[] = [];
  private readonly outputs: Output[];
  private readonly commands: Array<{ id: string; index: number }>;
  private readonly onDemand: Output[];
  /** What the behaviour gets at each step: one object, refreshed in place (no allocation per step). */
  private readonly inputs: StepInputs = { now: 0, commands: {}, actions: [] };

  constructor(
    readonly ctx: DeviceContext,
    private readonly behaviour: Behaviour,
    private readonly points: PointStore,
    private readonly rng: Rng,
    now: number,
    counters: Record<string, number>,
    private readonly sinks: { samples: SampleSink[]; events: EventSink },
  ) {
    const { device } = ctx;
    this.periodMs = periodOf(device);
    this.lastStep = now;
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

  /** Puts the behaviour's initial values into the point store (a step of zero length, recorded nowhere). */
  prime(now: number): void {
    const inputs = this.inputs;
    for (const c of this.commands) inputs.commands[c.id] = this.points.value(c.index);
    inputs.now = now;
    inputs.actions = NO_ACTIONS;
    const result = this.behaviour.step(this.ctx, this.state, inputs, 0, this.rng);
    this.state = result.state;
    for (const out of this.outputs) {
      const value = result.outputs[out.id];
      if (value !== undefined) this.points.update(out.index, value, now);
    }
  }

  /** Queues a committed momentary action for the next step. */
  runAction(pointId: string): void {
    this.actions.push(pointId);
  }

  /** Advances the behaviour to `now` and publishes what is due. */
  step(now: number): void {
    const inputs = this.inputs;
    for (const c of this.commands) inputs.commands[c.id] = this.points.value(c.index);
    inputs.now = now;
    inputs.actions = this.actions.length === 0 ? NO_ACTIONS : this.actions.splice(0);
    const dt = Math.max(0, (now - this.lastStep) / 1000);
    this.lastStep = now;
    const result = this.behaviour.step(this.ctx, this.state, inputs, dt, this.rng);
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
    for (const event of result.events) this.sinks.events(this.ctx.device, now, event);
  }

  private publish(out: Output, now: number, value: Value): void {
    this.points.update(out.index, value, now);
    const entry = this.points.entry(out.index);
    for (const sink of this.sinks.samples) sink(entry, now, value);
  }

  /** Computes a `Sur demande` point now (the point store calls this when it is read). */
  readOnDemand(index: number, now: number): Value | undefined {
    const out = this.onDemand.find((o) => o.index === index);
    return out ? this.behaviour.onDemand(this.ctx, this.state, out.point, now) : undefined;
  }

  /** Indices of this device's `Sur demande` points. */
  get onDemandIndices(): number[] {
    return this.onDemand.map((o) => o.index);
  }

  counters(): Record<string, number> {
    return this.behaviour.counters(this.state);
  }
}
