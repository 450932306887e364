// A connector: one remote endpoint read and written for one site device, as Haxall's `Conn`. It holds a
// shared link, polls its protocol's batches by rate, keeps every point's status (status.ts), queues writes
// until the device holds them, and is the runtime's `DeviceDriver` for that device. Until the device first
// answers its points hold no value (`unknown`); a lost device turns them `down` (momentary actions too) and
// its Communication Status to its fault word; when it answers again every batch is read at once and the
// values in force it does not hold are sent. A protocol with push (push-subscriptions.ts) subscribes to the
// points' changes after each poll round; a pushed value counts as a fresh read, and a batch whose points
// all have a live subscription is read at the push part's slow rate only.

import type { TimerHandle } from '../core/clock.js';
import type { Value } from '../core/value.js';
import type { Point } from '../points/model.js';
import { communicationWords, pointsWithRole } from '../points/special-roles.js';
import type { DeviceDriver, DriverHost } from '../runtime/device-driver.js';
import type { Device } from '../site/model.js';
import type { Link, Transport } from './link.js';
import { PollScheduler } from './poll-scheduler.js';
import type { ConnectorProtocol, ConnectorSettings } from './protocol.js';
import { PushSubscriptions } from './push-subscriptions.js';
import { type ConnectorStatus, isStale, type OwnStatus, shownStatus, staleAt } from './status.js';
import { type WriteOutcome, WriteQueue } from './write-queue.js';

/** Shortest wait between two polls, ms. */
const MIN_POLL_GAP_MS = 10;

export class Connector<T extends Transport, B> implements DeviceDriver {
  private readonly scheduler: PollScheduler<B>;
  private readonly writes: WriteQueue;
  private readonly indexOf = new Map<string, number>();
  private readonly pointOf = new Map<string, Point>();
  /** The device's Communication Status points and their words, by point id. */
  private readonly communication = new Map<string, { ok: string; fault: string }>();
  /** Each point's status by its own reads and writes, and when it was last read fresh. */
  private readonly own = new Map<string, OwnStatus>();
  private readonly readAt = new Map<string, number>();
  /** Points shown `stale` now (until their next fresh read). */
  private readonly stale = new Set<string>();
  private currentStatus: ConnectorStatus;
  private timer: TimerHandle | null = null;
  private staleTimer: TimerHandle | null = null;
  private started = false;
  private stopped = false;
  /** A poll round is running (it schedules the next one when it ends). */
  private polling = false;
  /** Points whose failed write was reported (once per value in force). */
  private readonly reported = new Set<string>();
  /** Last problem reported per batch, so that a lasting one is logged once. */
  private readonly problems = new Map<B, string>();
  /** Stops listening to the shared link's losses. */
  private readonly unwatch: () => void;
  /** The device's subscriptions to its points' changes, when the protocol has push. */
  private readonly push: PushSubscriptions<T> | null;
  /** When each batch was last read (a batch covered by subscriptions is read at the slow rate). */
  private readonly batchReadAt = new Map<B, number>();

  constructor(
    private readonly device: Device,
    private readonly host: DriverHost,
    private readonly link: Link<T>,
    private readonly release: () => Promise<void>,
    private readonly protocol: ConnectorProtocol<T, B>,
    readonly settings: ConnectorSettings,
  ) {
    this.currentStatus = settings.disabled ? 'disabled' : 'unknown';
    this.scheduler = new PollScheduler(protocol.batches, (b) => protocol.periodOf(b));
    for (const p of device.profile.points) {
      this.indexOf.set(p.id, host.points.indexOf(`${device.id}.${p.id}`) as number);
      this.pointOf.set(p.id, p);
      this.own.set(p.id, 'unknown');
    }
    for (const p of pointsWithRole(device.profile, 'communication-status'))
      this.communication.set(p.id, communicationWords(p));
    // A link lost by any of its holders' requests: this device is away too.
    this.unwatch = link.watch((why) => {
      if (this.started) this.lost(why);
    });
    this.push = protocol.push
      ? new PushSubscriptions(protocol.push, link, {
          clock: host.clock,
          available: () => this.available(),
          deliver: (pointId, value) => this.pushed(pointId, value),
          uncovered: (pointId) => {
            // Its value was current while the subscription was live: its age counts from now.
            this.readAt.set(pointId, this.now());
            this.armStaleCheck();
          },
          warn: (message) => this.host.log.warn({ device: this.device.id }, message),
        })
      : null;
    this.writes = new WriteQueue({
      clock: host.clock,
      available: () => this.available(),
      send: (pointId, value) => this.sendWrite(pointId, value),
      readBack: (pointId) => this.readBack(pointId),
      readAfterWrite: (pointId, value) => {
        if (value === null) this.setOwn(pointId, 'fault');
        else this.accept(pointId, value, this.now());
      },
    });
  }

  /** The connector's status as a whole (a point shows it unless it is `ok`). */
  get status(): ConnectorStatus {
    return this.currentStatus;
  }

  start(): void {
    this.started = true;
    if (this.settings.disabled) {
      const now = this.now();
      for (const index of this.indexOf.values()) this.host.points.setStatus(index, 'disabled', now);
      return;
    }
    void this.poll();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    const reachable = this.available();
    this.stopped = true;
    this.timer?.cancel();
    this.staleTimer?.cancel();
    this.writes.stop();
    this.unwatch();
    await this.push?.stop(reachable);
    await this.release();
  }

  runAction(pointId: string): void {
    const point = this.pointOf.get(pointId);
    if (!point || this.settings.disabled) return;
    void this.exchange(point, `${point.name}: action`, (t) => this.protocol.action(t, pointId));
  }

  command(pointId: string, value: Value | null): void {
    const point = this.pointOf.get(pointId);
    if (!point) return;
    this.reported.delete(pointId);
    if (value === null) {
      // Nothing written is in force: the device keeps its own value; what it reads is ok again.
      this.writes.drop(pointId);
      return;
    }
    const why = this.protocol.unwritable(pointId);
    if (why !== null) {
      this.host.log.warn({ device: this.device.id, point: point.id }, why);
      return;
    }
    this.writes.set(pointId, this.protocol.carried(pointId, value));
  }

  private now(): number {
    return this.host.clock.now();
  }

  private available(): boolean {
    return this.started && !this.stopped && (this.currentStatus === 'ok' || this.currentStatus === 'fault');
  }

  /** Polls the buckets that are due, then waits for the next one (or for the link's next try). */
  private async poll(): Promise<void> {
    this.timer = null;
    if (this.stopped || this.polling) return;
    this.polling = true;
    let read = 0;
    let refused = 0;
    try {
      for (const bucket of this.scheduler.buckets) {
        if (this.stopped || this.link.waiting) break; // lost: the link says when to try again
        const now = this.now();
        // While down, the first bucket probes the device.
        if (!this.scheduler.isDue(bucket, now) && this.currentStatus !== 'down') continue;
        this.scheduler.taken(bucket, now);
        for (const batch of bucket.batches) {
          if (this.stopped || this.link.waiting) break;
          if (this.pushedRecently(batch, now)) continue;
          const outcome = await this.read(batch);
          if (outcome !== 'lost') read++;
          if (outcome === 'refused') refused++;
        }
      }
    } finally {
      this.polling = false;
    }
    if (read > 0) this.roundAnswered(read === refused);
    this.schedule();
    this.armStaleCheck();
    if (this.available()) void this.push?.round();
  }

  /**
   * Whether the batch may skip this poll: live subscriptions cover each of its points (momentary actions
   * aside: they hold no value) and it was read less than the slow rate ago (the push part's
   * `coveredPollMs`, or its own period when that is slower).
   */
  private pushedRecently(batch: B, now: number): boolean {
    const push = this.protocol.push;
    if (!push || !this.push) return false;
    const valued = this.protocol.pointsOf(batch).filter((id) => this.pointOf.get(id)?.type !== 'action');
    if (!this.push.coversAll(valued)) return false;
    const slow = Math.max(push.coveredPollMs, this.protocol.periodOf(batch));
    return now - (this.batchReadAt.get(batch) ?? Number.NEGATIVE_INFINITY) < slow;
  }

  /** A value the device pushed: taken as a fresh read of the point (status, staleness, the write in force). */
  private pushed(pointId: string, value: Value | null): void {
    if (!this.available() || this.pointOf.get(pointId)?.type === 'action') return;
    if (value === null) this.setOwn(pointId, 'fault');
    else this.accept(pointId, value, this.now());
    this.armStaleCheck();
  }

  private schedule(): void {
    if (this.stopped || this.polling) return;
    this.timer?.cancel();
    // While down, the link's next try, even when every bucket is slow (an hourly poll must not wait an hour).
    const next = this.currentStatus === 'down' ? this.link.nextTry : this.scheduler.nextDue();
    if (next === Number.POSITIVE_INFINITY) return;
    this.timer = this.host.clock.at(Math.max(next, this.now() + MIN_POLL_GAP_MS), () => void this.poll());
  }

  /** Reads one batch and publishes what it reads. */
  private async read(batch: B): Promise<'read' | 'refused' | 'lost'> {
    let answer: Awaited<ReturnType<ConnectorProtocol<T, B>['read']>>;
    try {
      answer = await this.link.run((t) => this.protocol.read(t, batch));
    } catch {
      return 'lost'; // the link told every holder
    }
    this.answering();
    const now = this.now();
    this.batchReadAt.set(batch, now);
    if (answer.kind === 'refused') {
      this.problem(batch, `reading ${this.protocol.describe(batch)}: ${answer.why}`);
      for (const id of this.protocol.pointsOf(batch))
        if (this.pointOf.get(id)?.type !== 'action') this.setOwn(id, 'fault');
      return 'refused';
    }
    this.problems.delete(batch);
    for (const [id, value] of answer.values) {
      if (this.pointOf.get(id)?.type === 'action') continue;
      if (value === null) this.setOwn(id, 'fault');
      else this.accept(id, value, now);
    }
    return 'read';
  }

  /** A value the device reads for a point: published, `fault` when it does not hold the value in force. */
  private accept(pointId: string, value: Value, now: number): void {
    const verdict = this.writes.judge(pointId, value);
    if (verdict === 'confirmed') this.reported.delete(pointId);
    this.readAt.set(pointId, now);
    this.stale.delete(pointId);
    const own: OwnStatus = verdict === 'differs' ? 'fault' : 'ok';
    this.own.set(pointId, own);
    this.host.publish(this.index(pointId), value, now, shownStatus(this.currentStatus, own, false));
    if (verdict === 'differs') {
      const point = this.pointOf.get(pointId) as Point;
      const wanted = this.writes.wanted(pointId);
      this.report(
        point,
        'write-mismatch',
        `${point.name}: the device reads ${String(value)}, not ${String(wanted)} as commanded; sent again until it holds it`,
      );
    }
  }

  private setOwn(pointId: string, own: OwnStatus): void {
    // A request answered after the stop (the device gone to another node of a cluster): not this node's to show.
    if (this.stopped) return;
    this.own.set(pointId, own);
    const shown = shownStatus(this.currentStatus, own, false);
    this.host.points.setStatus(this.index(pointId), shown, this.now());
  }

  private async sendWrite(pointId: string, value: Value): Promise<WriteOutcome> {
    const point = this.pointOf.get(pointId) as Point;
    const taken = await this.exchange(point, `${point.name} = ${String(value)}`, (t) =>
      this.protocol.write(t, pointId, value),
    );
    return taken === null ? 'lost' : taken ? 'taken' : 'refused';
  }

  private async readBack(pointId: string): Promise<Value | null | undefined> {
    try {
      return await this.link.run((t) => this.protocol.readPoint(t, pointId));
    } catch {
      return undefined; // lost: the link told every holder
    }
  }

  /** Sends a write or an action: true when taken, false when refused (the point `fault`, reported once), null when lost. */
  private async exchange(
    point: Point,
    what: string,
    send: (transport: T) => Promise<{ ok: true } | { ok: false; why: string }>,
  ): Promise<boolean | null> {
    let answer: { ok: true } | { ok: false; why: string };
    try {
      answer = await this.link.run(send);
    } catch {
      return null; // lost: the link told every holder
    }
    this.answering();
    if (!answer.ok) {
      this.report(point, 'write-refused', `${what}: the device refused it (${answer.why})`);
      if (point.type !== 'action') this.setOwn(point.id, 'fault');
      return false;
    }
    return true;
  }

  /** The device stopped answering: its points go `down`, Communication Status to its fault word (once). */
  private lost(why: string): void {
    if (this.currentStatus === 'down' || this.stopped) return;
    this.currentStatus = 'down';
    this.push?.lost();
    const now = this.now();
    this.host.log.warn({ device: this.device.id, host: this.link.key, why }, 'device lost');
    this.host.event(this.device, now, { kind: 'comm-lost', point: null, message: `no answer: ${why}` });
    for (const [id, index] of this.indexOf) {
      const words = this.communication.get(id);
      if (words) this.host.publish(index, words.fault, now);
      else this.host.points.setStatus(index, 'down', now);
    }
  }

  /**
   * The device answers (for the first time, or again): Communication Status to its first word (OK), momentary
   * actions usable, after a loss every bucket read again at once, and the values in force it does not hold sent.
   */
  private answering(): void {
    if (this.stopped || this.currentStatus === 'ok' || this.currentStatus === 'fault') return;
    const now = this.now();
    if (this.currentStatus === 'down') {
      this.host.log.info({ device: this.device.id }, 'device back');
      this.host.event(this.device, now, { kind: 'comm-restored', point: null, message: 'answering again' });
      this.scheduler.allDue(now);
    }
    this.currentStatus = 'ok';
    for (const [id, words] of this.communication)
      this.host.publish(this.indexOf.get(id) as number, words.ok, now);
    for (const point of this.device.profile.points)
      if (point.type === 'action') this.host.points.update(this.index(point.id), false, now);
    this.writes.flushAll();
    this.schedule();
  }

  /** A poll round the device answered: `fault` when it refused every read of it, else `ok`. */
  private roundAnswered(allRefused: boolean): void {
    if (this.currentStatus !== 'ok' && this.currentStatus !== 'fault') return;
    const next = allRefused ? 'fault' : 'ok';
    if (next === this.currentStatus) return;
    this.currentStatus = next;
    if (next === 'fault')
      this.host.log.warn({ device: this.device.id }, 'the device answers but refuses every read');
  }

  /** Arms the check that turns points `stale` when their last fresh read is older than the set age. */
  private armStaleCheck(): void {
    const age = this.settings.staleAfterMs;
    if (age <= 0 || this.staleTimer || this.stopped || this.currentStatus !== 'ok') return;
    let first = Number.POSITIVE_INFINITY;
    for (const [id, own] of this.own)
      if (own === 'ok' && !this.stale.has(id) && !this.push?.covered(id))
        first = Math.min(first, staleAt(this.readAt.get(id) ?? null, age) ?? first);
    if (first === Number.POSITIVE_INFINITY) return;
    this.staleTimer = this.host.clock.at(first, () => {
      this.staleTimer = null;
      this.markStale();
      this.armStaleCheck();
    });
  }

  private markStale(): void {
    if (this.currentStatus !== 'ok') return;
    const now = this.now();
    for (const [id, own] of this.own) {
      // A point under a live subscription is current: the device tells its changes.
      if (own !== 'ok' || this.stale.has(id) || this.push?.covered(id)) continue;
      if (!isStale(this.readAt.get(id) ?? null, now, this.settings.staleAfterMs)) continue;
      this.stale.add(id);
      this.host.points.setStatus(this.index(id), shownStatus(this.currentStatus, own, true), now);
    }
  }

  private problem(batch: B, message: string): void {
    if (this.problems.get(batch) === message) return;
    this.problems.set(batch, message);
    this.host.log.warn({ device: this.device.id }, message);
  }

  /** A write the device did not take: an event and a warning once per value in force, then debug. */
  private report(point: Point, kind: string, message: string): void {
    if (this.reported.has(point.id) && point.type !== 'action') {
      (this.host.log as { debug?: (o: object, m: string) => void }).debug?.(
        { device: this.device.id, point: point.id },
        message,
      );
      return;
    }
    this.reported.add(point.id);
    this.host.log.warn({ device: this.device.id, point: point.id }, message);
    this.host.event(this.device, this.now(), { kind, point: point.id, message });
  }

  private index(pointId: string): number {
    return this.indexOf.get(pointId) as number;
  }
}
