// The point store: current value, status and timestamp of every point of a site, read in O(1) by index,
// with a change feed: every change of value or status is announced, and each subscriber filters it with its
// own change-of-value increment (services/cov-filter.ts). Protocol servers read and subscribe through the
// services; only the device runners and the write path update it.

import type { PointStatus } from '../core/point-status.js';
import type { Value } from '../core/value.js';
import type { Point } from '../points/model.js';
import { initialValue } from '../points/point-value.js';
import { type Device, pointKey, type Site } from '../site/model.js';

const STATUSES: PointStatus[] = ['ok', 'stale', 'fault', 'down', 'disabled', 'unknown'];

export interface PointEntry {
  index: number;
  /** `<device>.<point>` */
  key: string;
  device: Device;
  point: Point;
}

export interface PointState {
  value: Value;
  status: PointStatus;
  /** When the value or status last changed, epoch ms. */
  ts: number;
}

export interface PointChange extends PointState {
  entry: PointEntry;
  /** The value and status just before this change. */
  previous: Value;
  previousStatus: PointStatus;
}

export type ChangeListener = (change: PointChange) => void;

export class PointStore {
  readonly entries: PointEntry[] = [];
  private readonly byKey = new Map<string, number>();
  /** Each device's entries, in order: what a node of a cluster goes through when it takes one device over. */
  private readonly byDevice = new Map<string, PointEntry[]>();
  private readonly values: Value[] = [];
  private readonly statuses: Uint8Array;
  private readonly times: Float64Array;
  /** 1 for a point that holds no value (a real device's point never read): the value slot holds the initial value, which means nothing. */
  private readonly empty: Uint8Array;
  private readonly listeners = new Set<ChangeListener>();
  /** Points computed when read (`Sur demande`): their function, by index. */
  private readonly readers = new Map<number, () => Value>();

  constructor(site: Pick<Site, 'devices'>, now: number) {
    for (const device of site.devices) {
      const own: PointEntry[] = [];
      this.byDevice.set(device.id, own);
      for (const point of device.profile.points) {
        const index = this.entries.length;
        const key = pointKey(device.id, point.id);
        const entry = { index, key, device, point };
        this.entries.push(entry);
        own.push(entry);
        this.byKey.set(key, index);
        const value = initialValue(point);
        this.values.push(value);
      }
    }
    this.statuses = new Uint8Array(this.entries.length);
    this.times = new Float64Array(this.entries.length).fill(now);
    this.empty = new Uint8Array(this.entries.length);
  }

  get size(): number {
    return this.entries.length;
  }

  /** Index of `<device>.<point>`, or undefined. */
  indexOf(key: string): number | undefined {
    return this.byKey.get(key);
  }

  /** The entries of `deviceId`'s points, in order (none for a device not in the site). */
  entriesOf(deviceId: string): readonly PointEntry[] {
    return this.byDevice.get(deviceId) ?? [];
  }

  entry(index: number): PointEntry {
    const entry = this.entries[index];
    if (!entry) throw new RangeError(`no point at index ${index}`);
    return entry;
  }

  value(index: number): Value {
    return this.values[index] as Value;
  }

  /** Makes `index` a point computed when read: `read` calls `compute` and keeps its result. */
  setReader(index: number, compute: () => Value): void {
    this.readers.set(index, compute);
  }

  read(index: number): PointState {
    const compute = this.readers.get(index);
    if (compute) this.values[index] = compute();
    return {
      value: this.values[index] as Value,
      status: STATUSES[this.statuses[index] ?? 0] as PointStatus,
      ts: this.times[index] ?? 0,
    };
  }

  /** The point's status now. */
  status(index: number): PointStatus {
    return STATUSES[this.statuses[index] ?? 0] as PointStatus;
  }

  /** Whether the point holds a value (false for a real device's point that was never read). */
  hasValue(index: number): boolean {
    return this.empty[index] !== 1;
  }

  /** The point holds no value (a real device not read yet): status `unknown` until a value comes. */
  clear(index: number, ts: number): void {
    this.empty[index] = 1;
    this.change(index, this.values[index] as Value, ts, 'unknown');
  }

  /** Sets value (and status); announces the change when either moved. */
  update(index: number, value: Value, ts: number, status: PointStatus = 'ok'): void {
    this.empty[index] = 0;
    this.change(index, value, ts, status);
  }

  /** A new status for the value held (or for no value). */
  setStatus(index: number, status: PointStatus, ts: number): void {
    this.change(index, this.values[index] as Value, ts, status);
  }

  private change(index: number, value: Value, ts: number, status: PointStatus): void {
    const previous = this.values[index] as Value;
    const code = STATUSES.indexOf(status);
    const previousCode = this.statuses[index] ?? 0;
    if (previous === value && previousCode === code) return;
    this.values[index] = value;
    this.statuses[index] = code;
    this.times[index] = ts;
    if (this.listeners.size === 0) return;
    const change: PointChange = {
      entry: this.entries[index] as PointEntry,
      value,
      status,
      ts,
      previous,
      previousStatus: STATUSES[previousCode] as PointStatus,
    };
    for (const listener of this.listeners) listener(change);
  }

  /** Calls `listener` for every change until the returned function is called (unfiltered: see CovFilter). */
  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
