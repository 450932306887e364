// What a node of a cluster publishes: the changes of the points of the devices it runs, the signals their
// steps publish and the values of their on-demand points, coalesced (the newest per key) and handed to the change publisher once per turn of the event loop, one publish per device with
// that device's lease as its fence (the publisher checks a batch's leases in one statement) — so that a device lost refuses (and drops) only its own changes.

import type { Logger } from '../core/logger.js';
import type { Value } from '../core/value.js';
import type { PointChange, PointEntry } from '../runtime/point-store.js';
import type { Runtime } from '../runtime/runtime.js';
import type { ChangePublisher } from './change-publisher.js';
import type { FeedChange } from './feed-change.js';
import { signalKey } from './feed-signal-key.js';

export class NodeOutbox {
  /** Waiting changes by device, then by key (the newest wins). */
  private readonly waiting = new Map<string, Map<string, FeedChange>>();
  private scheduled: NodeJS.Immediate | undefined;
  /** Publishes not settled yet. */
  private readonly inFlight = new Set<Promise<void>>();
  private refusals = 0;

  constructor(
    private readonly publisher: ChangePublisher,
    private readonly runtime: Runtime,
    private readonly log: Logger,
  ) {}

  /** A change of the point store: kept when this node runs the point's device. */
  changed(change: PointChange): void {
    const device = change.entry.device.id;
    if (!this.runtime.owns(device)) return;
    this.add(device, {
      key: change.entry.key,
      kind: 'value',
      value: this.runtime.points.hasValue(change.entry.index) ? change.value : null,
      status: change.status,
      ts: change.ts,
    });
  }

  /** A signal of `device` (run here) moved; a number that is not finite is shared as none. */
  signal(device: string, name: string, value: number, ts: number): void {
    if (!this.runtime.owns(device)) return;
    const shared = Number.isFinite(value) ? value : null;
    this.add(device, { key: signalKey(device, name), kind: 'value', value: shared, status: 'ok', ts });
  }

  /** An on-demand point of a device run here computed a new value at a step. */
  onDemand(entry: PointEntry, value: Value, ts: number): void {
    const device = entry.device.id;
    if (!this.runtime.owns(device)) return;
    const shared = typeof value === 'number' && !Number.isFinite(value) ? null : value;
    this.add(device, { key: entry.key, kind: 'value', value: shared, status: 'ok', ts });
  }

  /** Every point of `device` as it stands (a device just taken over). */
  publishDevice(device: string): void {
    const { points } = this.runtime;
    for (const entry of points.entriesOf(device)) {
      if (entry.point.update === 'onDemand') continue;
      const state = points.read(entry.index);
      this.add(device, {
        key: entry.key,
        kind: 'value',
        value: points.hasValue(entry.index) ? state.value : null,
        status: state.status,
        ts: state.ts,
      });
    }
  }

  /** Drops what waits for `device` (lost). */
  forget(device: string): void {
    this.waiting.delete(device);
  }

  /** Publishes what waits now and waits for every publish under way. */
  async flushNow(): Promise<void> {
    clearImmediate(this.scheduled);
    this.scheduled = undefined;
    this.flush();
    await Promise.all(this.inFlight);
  }

  /** Stops: what waits is dropped, the publisher stopped. */
  async stop(): Promise<void> {
    clearImmediate(this.scheduled);
    this.scheduled = undefined;
    this.waiting.clear();
    await this.publisher.stop();
  }

  private add(device: string, change: FeedChange): void {
    const changes = this.waiting.get(device) ?? new Map<string, FeedChange>();
    this.waiting.set(device, changes);
    changes.set(change.key, change);
    this.scheduled ??= setImmediate(() => {
      this.scheduled = undefined;
      this.flush();
    });
  }

  private flush(): void {
    for (const [device, changes] of this.waiting) {
      if (!this.runtime.owns(device)) continue;
      const done = this.publisher
        .publish([...changes.values()], { devices: [device] })
        .catch((err: unknown) => {
          // A fence's refusal (the device was lost meanwhile) or a stop; a database failure is retried by the
          // publisher itself (this promise rejects, the changes are kept).
          if (this.refusals++ % 100 === 0)
            this.log.warn({ device, err: (err as Error).message }, 'cluster: changes not published');
        });
      this.inFlight.add(done);
      void done.finally(() => this.inFlight.delete(done));
    }
    this.waiting.clear();
  }
}
