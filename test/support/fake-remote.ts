// A test double of a remote endpoint for the connector framework's own tests: values by `<device>.<point>`,
// switches to make it unreachable, refuse reads or writes, ignore writes or hold answers, and a log of what
// it was asked, with the virtual time. Its dispatch batches a device's points by rate, one batch per rate.

import { connectorDriverFactory } from '../../src/connectors/driver.js';
import { periodOf } from '../../src/connectors/poll-scheduler.js';
import type { ConnectorProtocol, WriteAnswer } from '../../src/connectors/protocol.js';
import type { Clock } from '../../src/core/clock.js';
import type { Value } from '../../src/core/value.js';
import type { ConnectorSource, Device } from '../../src/site/model.js';

/** The site-file source of a device read through the fake remote (its settings are not used by the fake). */
export const fakeRemoteSource = (): ConnectorSource => ({
  kind: 'modbus',
  settings: { host: 'remote', port: 1, unit: 1, wordOrder: 'high-first', timeoutMs: 1000, pollMs: 1000 },
});

export class FakeTransport {
  closed = false;
  async close(): Promise<void> {
    this.closed = true;
  }
}

export interface FakeBatch {
  periodMs: number;
  points: string[];
}

export class FakeRemote {
  reachable = true;
  refuseReads = false;
  refuseWrites = false;
  /** Writes are taken but the device keeps its value. */
  ignoreWrites = false;
  readonly values = new Map<string, Value>();
  /** Every read of a batch and every write, with the clock's time. */
  readonly reads: Array<{ device: string; periodMs: number; at: number }> = [];
  readonly writes: Array<{ key: string; value: Value; at: number }> = [];
  /** Connection attempts, with the clock's time (a refused one too). */
  readonly attempts: number[] = [];
  /** Answers held until `release` (a slow or silent device). */
  private held: Array<() => void> = [];
  hold = false;
  private transports: FakeTransport[] = [];

  constructor(private readonly clock: Clock) {}

  /** A runtime `driverFor` whose devices all read this remote, with these connector settings. */
  driverFactory(settings: { staleAfterMs?: number; disabled?: boolean } = {}) {
    return connectorDriverFactory((device) => ({
      protocol: this.protocol(device),
      settings: {
        host: 'remote',
        port: 1,
        staleAfterMs: settings.staleAfterMs ?? 0,
        disabled: settings.disabled ?? false,
      },
    }));
  }

  readonly open = async (): Promise<FakeTransport> => {
    this.attempts.push(this.clock.now());
    if (!this.reachable) throw new Error('connection refused');
    const transport = new FakeTransport();
    this.transports.push(transport);
    return transport;
  };

  /** The endpoint goes away: its connections drop, new ones are refused. */
  goAway(): void {
    this.reachable = false;
    for (const t of this.transports) t.closed = true;
  }

  /** Answers every held request. */
  release(): void {
    this.hold = false;
    for (const go of this.held.splice(0)) go();
  }

  /** How many requests wait for an answer. */
  get waiting(): number {
    return this.held.length;
  }

  private async answer(transport: FakeTransport): Promise<void> {
    if (this.hold) await new Promise<void>((go) => this.held.push(go));
    if (transport.closed || !this.reachable) {
      transport.closed = true;
      throw new Error('the connection closed');
    }
  }

  /** The dispatch of one device served by this endpoint. */
  protocol(device: Device): ConnectorProtocol<FakeTransport, FakeBatch> {
    const byRate = new Map<number, FakeBatch>();
    for (const p of device.profile.points) {
      const periodMs = periodOf(p, 1000);
      const batch = byRate.get(periodMs) ?? { periodMs, points: [] };
      batch.points.push(p.id);
      byRate.set(periodMs, batch);
    }
    const key = (id: string) => `${device.id}.${id}`;
    const write = async (t: FakeTransport, id: string, value: Value): Promise<WriteAnswer> => {
      this.writes.push({ key: key(id), value, at: this.clock.now() });
      await this.answer(t);
      if (this.refuseWrites) return { ok: false, why: 'exception 4' };
      if (!this.ignoreWrites) this.values.set(key(id), value);
      return { ok: true };
    };
    return {
      open: this.open,
      batches: [...byRate.values()],
      periodOf: (b) => b.periodMs,
      pointsOf: (b) => b.points,
      describe: (b) => `points at ${b.periodMs} ms`,
      read: async (t, b) => {
        this.reads.push({ device: device.id, periodMs: b.periodMs, at: this.clock.now() });
        await this.answer(t);
        if (this.refuseReads) return { kind: 'refused', why: 'exception 2' };
        return { kind: 'values', values: b.points.map((id) => [id, this.values.get(key(id)) ?? 0] as const) };
      },
      unwritable: () => null,
      carried: (_id, value) => value,
      write,
      readPoint: async (t, id) => {
        await this.answer(t);
        return this.values.get(key(id)) ?? 0;
      },
      action: async (t) => {
        await this.answer(t);
        return { ok: true };
      },
    };
  }
}
