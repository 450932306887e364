// The live channel: one Haystack watch per session, shared by every page. Pages ask for the points they
// show (reference counted); the watch is polled about every second, and closed at logout or when the page
// is left. A watch the server forgot (lease expired, server restarted) is opened again by itself.

import { type HaystackClient, HaystackError, SessionEndedError } from '../api/client';
import { type Dict, dateTimeMs, gridOf, type HVal, number, ref, refId, str } from '../api/hayson';
import { Observable } from '../state/observable';

export interface LiveValue {
  /** The whole record as last received (static tags and curVal, curStatus, curTs, writeVal, writeLevel). */
  rec: Dict;
  val: HVal | undefined;
  /** Haystack status: ok, stale, fault, down, disabled. */
  status: string;
  /** When the value or status last changed on the server (its `curTs`, epoch ms), or null without one. */
  ts: number | null;
}

/** `live`: polls succeed; `lost`: the last poll failed, values may be out of date. */
export type LinkState = 'connecting' | 'live' | 'lost';

const LEASE_S = 60;

export class LiveWatch {
  readonly link = new Observable<LinkState>('connecting');
  /** Changes received since the watch opened (for the figures of `npm run bench`). */
  updates = 0;
  private watchId: string | null = null;
  private readonly counts = new Map<string, number>();
  private readonly values = new Map<string, LiveValue>();
  private readonly listeners = new Set<(changed: ReadonlySet<string>) => void>();
  private pendingAdd = new Set<string>();
  private pendingRemove = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;
  private stopped = false;

  constructor(
    private readonly client: HaystackClient,
    private readonly intervalMs = 1000,
  ) {}

  /** Watches `ids` until the returned function is called. */
  watch(ids: readonly string[]): () => void {
    for (const id of ids) {
      const count = this.counts.get(id) ?? 0;
      this.counts.set(id, count + 1);
      if (count === 0 && !this.pendingRemove.delete(id)) this.pendingAdd.add(id);
    }
    this.kick();
    return () => {
      for (const id of ids) {
        const count = (this.counts.get(id) ?? 1) - 1;
        if (count > 0) {
          this.counts.set(id, count);
          continue;
        }
        this.counts.delete(id);
        this.values.delete(id);
        if (!this.pendingAdd.delete(id)) this.pendingRemove.add(id);
      }
    };
  }

  get(id: string): LiveValue | undefined {
    return this.values.get(id);
  }

  /** Calls `listener` with the ids whose value or status changed. */
  onChange(listener: (changed: ReadonlySet<string>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Reads `ids` again now and tells the listeners: after a write that left the value as it was (only the
   * level in force changed), the watch has no change to report.
   */
  async refresh(ids: readonly string[]): Promise<void> {
    const records = await this.client.readByIds([...ids]);
    this.apply(
      records.filter((r): r is Dict => r !== null),
      false,
    );
  }

  /** Closes the watch on the server (`keepalive` so that it also works while the page unloads). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const id = this.watchId;
    this.watchId = null;
    if (id)
      await this.client
        .op('watchUnsub', gridOf([], { watchId: id, close: { _kind: 'marker' } }), { keepalive: true })
        .catch(() => {});
  }

  /** Runs a cycle now (new subscriptions are answered at once), or as soon as the running one ends. */
  private kick(): void {
    if (this.stopped) return;
    if (this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.cycle(), 0);
  }

  private async cycle(): Promise<void> {
    this.timer = null;
    this.running = true;
    const started = Date.now();
    try {
      await this.subscribe();
      await this.unsubscribe();
      if (this.watchId) await this.poll();
      this.link.set('live');
    } catch (err) {
      if (err instanceof SessionEndedError) return this.halt();
      if (err instanceof HaystackError && /closed|expired|no open watch/.test(err.message)) {
        // The server lost the watch (restart, lease): open a new one with everything watched.
        this.watchId = null;
        this.pendingAdd = new Set(this.counts.keys());
        this.pendingRemove.clear();
      } else this.link.set('lost');
    } finally {
      this.running = false;
    }
    if (this.stopped) return;
    // Polls start every `intervalMs` (not that long after the last one ended), new points at once.
    const soon = this.pendingAdd.size > 0 && this.link.value === 'live';
    const wait = soon ? 0 : Math.max(100, this.intervalMs - (Date.now() - started));
    this.timer = setTimeout(() => this.cycle(), wait);
  }

  private halt(): void {
    this.stopped = true;
    this.link.set('lost');
  }

  private async subscribe(): Promise<void> {
    if (this.pendingAdd.size === 0 && this.watchId) return;
    const ids = [...this.pendingAdd];
    if (ids.length === 0) return; // nothing watched yet: no watch to open
    const meta = this.watchId
      ? { watchId: this.watchId, lease: number(LEASE_S, 's') }
      : { watchDis: 'Pointyard web UI', lease: number(LEASE_S, 's') };
    const grid = await this.client.op(
      'watchSub',
      gridOf(
        ids.map((id) => ({ id: ref(id) })),
        meta,
      ),
    );
    this.watchId = str(grid.meta.watchId) ?? this.watchId;
    for (const id of ids) this.pendingAdd.delete(id);
    this.apply(grid.rows, false);
  }

  private async unsubscribe(): Promise<void> {
    if (this.pendingRemove.size === 0 || !this.watchId) return;
    const ids = [...this.pendingRemove];
    this.pendingRemove.clear();
    await this.client.op(
      'watchUnsub',
      gridOf(
        ids.map((id) => ({ id: ref(id) })),
        { watchId: this.watchId },
      ),
    );
  }

  private async poll(): Promise<void> {
    const grid = await this.client.op('watchPoll', gridOf([], { watchId: this.watchId as string }));
    this.apply(grid.rows, true);
  }

  /** Records from watchSub (`polled` false: first values) or watchPoll (changes). */
  private apply(rows: Dict[], polled: boolean): void {
    const changed = new Set<string>();
    for (const rec of rows) {
      const id = refId(rec.id);
      if (!id || !this.counts.has(id)) continue;
      const status = str(rec.curStatus) ?? 'ok';
      this.values.set(id, { rec, val: rec.curVal, status, ts: dateTimeMs(rec.curTs) });
      changed.add(id);
    }
    if (polled) this.updates += changed.size;
    if (changed.size > 0) for (const listener of [...this.listeners]) listener(changed);
  }
}
