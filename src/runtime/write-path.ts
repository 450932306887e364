// The one write path. Every interface (each protocol plug-in's server, the CLI) writes through
// `write`: validate → arbitrate the 16-level priority array → commit to the store (durable) → apply to the
// point store → acknowledge. Writes arriving in the same turn of the event loop are committed in one
// transaction (group commit); each is still acknowledged only after that commit. A refused write is audited
// too (`refused`, with its reason), before its refusal is answered; nothing else of it is kept.

import type { Clock, TimerHandle } from '../core/clock.js';
import {
  effective,
  emptyPriorityArray,
  nextExpiry,
  PRIORITY_LEVELS,
  type PriorityArray,
  RELINQUISH_DEFAULT_LEVEL,
  TIMED_LEVEL,
  withLevel,
  withoutExpired,
  writtenDefault,
} from '../core/priority-array.js';
import type { Value } from '../core/value.js';
import { coerceWrite, type WriteError, type WriteErrorCode } from '../points/write-validation.js';
import type { AuditRecord, CommittedWrite, Role, WriteStore } from '../store/store.js';
import type { PointEntry, PointStore } from './point-store.js';
import { writeRefusal } from './write-permission.js';

export interface WriteRequest {
  /** `<device>.<point>` */
  key: string;
  /** The value in any of the point type's natural forms; null relinquishes the level. */
  value: unknown;
  /** Priority level 1–16 (default 16, the lowest), or 17 to set the relinquish default. */
  level?: number;
  /** A level-8 write that expires after this many milliseconds (a timed operator override). */
  durationMs?: number | null;
  who: string;
  /** The role the writer acts with (the user's, or the one its interface is configured with). */
  role: Role;
  /** The interface: a protocol plug-in's name, `cli` or `system`. */
  via: string;
  remote?: string | null;
}

export type WriteResult = { ok: true; value: Value; level: number } | ({ ok: false } & WriteError);

export interface WritePathHooks {
  /** Relinquish default (level 17) of a command point. */
  relinquishDefault(entry: PointEntry): Value;
  /** Runs a momentary action once it is committed. */
  runAction(entry: PointEntry, request: WriteRequest): void;
  /** Device-specific refusal (e.g. an unknown tariff profile name), or null. */
  refuse?(entry: PointEntry, value: Value): string | null;
  /**
   * A command point of a real device: its current value is what the device reads, so the value in force
   * goes to the returned function (after each commit) and not into the point store; null when nothing is
   * written (levels 1–17 all relinquished): the device keeps its own value. Undefined otherwise.
   */
  deviceCommand?(entry: PointEntry): ((value: Value | null) => void) | undefined;
  /** Whether this node commits the expiries of the point (in a cluster, only the node running its device). */
  maintains?(entry: PointEntry): boolean;
}

export interface WritePathOptions {
  store: WriteStore;
  points: PointStore;
  clock: Clock;
  hooks: WritePathHooks;
  /** Key of the site's System Enable point: while it is false, only it can be written. */
  systemEnableKey?: string | null;
}

interface Pending {
  write: CommittedWrite;
  apply: () => void;
  /** The answer once committed. */
  result: WriteResult;
  resolve: (result: WriteResult) => void;
}

const refusal = (code: WriteErrorCode, message: string): { ok: false } & WriteError => ({
  ok: false,
  code,
  message,
});
const failure = (code: WriteErrorCode, message: string): WriteResult => refusal(code, message);

/** What a client sent, as the audit trail keeps it: a value as it is, anything else as text. */
function auditable(value: unknown): Value | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  return String(value);
}

export class WritePath {
  private readonly arrays = new Map<string, PriorityArray>();
  /** Arrays of writes queued in this turn, so that later writes of the same batch see earlier ones. */
  private readonly pendingArrays = new Map<string, PriorityArray>();
  private queue: Pending[] = [];
  private readonly expiryTimers = new Map<string, TimerHandle>();
  /** Set by `close`: every later write is refused ('stopping'). */
  private closed = false;
  /** Writes taken but not answered yet, and who waits for them all to be answered. */
  private unanswered = 0;
  private readonly whenAnswered: Array<() => void> = [];
  /** Told the key of each point whose value or level in force (writeVal, writeLevel) a commit changed. */
  private readonly inForceListeners = new Set<(key: string) => void>();

  constructor(private readonly options: WritePathOptions) {}

  /** Loads the priority arrays from the store, applies them, and expires overrides that ran out while down. */
  async init(): Promise<void> {
    const saved = await this.options.store.loadPriorities();
    for (const entry of this.options.points.entries) {
      if (entry.point.kind !== 'command' || entry.point.type === 'action') continue;
      const array = saved.get(entry.key) ?? emptyPriorityArray();
      this.arrays.set(entry.key, array);
      const { value, level } = this.effectiveOf(entry, array);
      const send = this.options.hooks.deviceCommand?.(entry);
      // A real device gets a restored command (a written level in force) again; its default is its own business.
      if (send) {
        if (level <= PRIORITY_LEVELS || writtenDefault(array) !== null) send(value);
      } else this.options.points.update(entry.index, value, this.options.clock.now());
      this.scheduleExpiry(entry.key, array);
    }
  }

  /** The point's priority array and what is in force, or undefined for a point that is not writable. */
  priorityArray(key: string): { array: PriorityArray; value: Value; level: number } | undefined {
    const index = this.options.points.indexOf(key);
    const array = this.arrays.get(key);
    if (index === undefined || !array) return undefined;
    return { array, ...this.effectiveOf(this.options.points.entry(index), array) };
  }

  /** What is in force at a writable point (value and level, 17 the default), or undefined for another. */
  inForce(entry: PointEntry): { value: Value; level: number } | undefined {
    const array = this.arrays.get(entry.key);
    return array && this.effectiveOf(entry, array);
  }

  /** The relinquish default (level 17) of a writable point: the one written at level 17, else the device's. */
  relinquishDefaultOf(key: string): Value | undefined {
    const index = this.options.points.indexOf(key);
    if (index === undefined) return undefined;
    const array = this.arrays.get(key);
    const written = array ? writtenDefault(array) : null;
    return written ?? this.options.hooks.relinquishDefault(this.options.points.entry(index));
  }

  /** What is in force; the device's relinquish default (which may read its parameters) only when needed. */
  private effectiveOf(entry: PointEntry, array: PriorityArray): { value: Value; level: number } {
    const written = effective(array, false);
    if (written.level <= PRIORITY_LEVELS || writtenDefault(array) !== null) return written;
    return { value: this.options.hooks.relinquishDefault(entry), level: RELINQUISH_DEFAULT_LEVEL };
  }

  /**
   * Why `request` would be refused now, or null when `write` would take it: every check of `write`
   * without writing. Interfaces that write several points in one request check them all first.
   */
  check(request: WriteRequest): ({ ok: false } & WriteError) | null {
    const checked = this.validate(request);
    return checked.ok ? null : checked;
  }

  private validate(request: WriteRequest):
    | {
        ok: true;
        index: number;
        entry: PointEntry;
        level: number;
        duration: number | null;
        value: Value | null;
      }
    | ({ ok: false } & WriteError) {
    if (this.closed) return refusal('stopping', 'the server is stopping: it takes no more writes');
    const { points } = this.options;
    const index = points.indexOf(request.key);
    if (index === undefined) return refusal('unknown-point', `no point ${request.key}`);
    const entry = points.entry(index);
    const { point } = entry;
    if (point.kind !== 'command')
      return refusal('read-only', `${point.name} is a ${point.kind} point: it cannot be written`);
    const level = request.level ?? PRIORITY_LEVELS;
    if (!Number.isInteger(level) || level < 1 || level > RELINQUISH_DEFAULT_LEVEL) {
      return refusal('bad-level', `priority level ${level} does not exist (1–17)`);
    }
    const forbidden = writeRefusal(request.role, point, level);
    if (forbidden) return refusal('forbidden', forbidden);
    const duration = request.durationMs ?? null;
    if (duration !== null && (level !== TIMED_LEVEL || !(duration > 0) || !Number.isFinite(duration))) {
      return refusal(
        'bad-duration',
        `a duration needs level ${TIMED_LEVEL} and a positive number of milliseconds`,
      );
    }
    const disabled = this.disabledFor(request.key);
    if (disabled) return refusal('disabled', disabled);

    let value: Value | null = null;
    if (request.value !== null && request.value !== undefined) {
      const coerced = coerceWrite(point, request.value);
      if (!coerced.ok) return refusal(coerced.code, coerced.message);
      const refused = this.options.hooks.refuse?.(entry, coerced.value);
      if (refused) return refusal('rejected', refused);
      value = coerced.value;
    } else if (point.type === 'action') {
      return refusal('bad-action', `${point.name} is a momentary action: there is nothing to relinquish`);
    }
    return { ok: true, index, entry, level, duration, value };
  }

  write(request: WriteRequest): Promise<WriteResult> {
    const checked = this.validate(request);
    if (!checked.ok) return this.refuse(request, checked);
    const { index, entry, level, duration, value } = checked;
    const { point } = entry;
    const { clock } = this.options;

    const now = clock.now();
    if (point.type === 'action') return this.enqueueAction(entry, request, now);

    const before =
      this.pendingArrays.get(request.key) ?? this.arrays.get(request.key) ?? emptyPriorityArray();
    const array = withLevel(before, level, value, duration === null ? null : now + duration);
    const was = this.effectiveOf(entry, before);
    const is = this.effectiveOf(entry, array);
    this.pendingArrays.set(request.key, array);
    const audit: AuditRecord = {
      ts: now,
      who: request.who,
      via: request.via,
      remote: request.remote ?? null,
      key: request.key,
      level,
      action: value === null ? 'relinquish' : 'write',
      written: value,
      before: was.value,
      after: is.value,
      ...(duration === null ? {} : { durationMs: duration }),
    };
    return this.enqueue(
      { key: request.key, array, before, audit },
      () => this.apply(request.key, index, array),
      is,
    );
  }

  /**
   * Audits `request` as refused for `error` (a refusal of the write path's, or one an interface made before
   * it, such as a value of the wrong kind) and answers the refusal once that record is committed. A write to
   * no point, or while stopping, is answered without a record: there is no point to file it under, or no
   * store to trust.
   */
  refuse(request: WriteRequest, error: WriteError): Promise<{ ok: false } & WriteError> {
    const answer = refusal(error.code, error.message);
    const index = this.options.points.indexOf(request.key);
    if (error.code === 'stopping' || this.closed || index === undefined) return Promise.resolve(answer);
    const entry = this.options.points.entry(index);
    const array = this.pendingArrays.get(request.key) ?? this.arrays.get(request.key);
    const inForce = array ? this.effectiveOf(entry, array).value : this.options.points.value(index);
    const audit: AuditRecord = {
      ts: this.options.clock.now(),
      who: request.who,
      via: request.via,
      remote: request.remote ?? null,
      key: request.key,
      // The level asked (a level that is not a number, NaN, as none).
      level:
        entry.point.type === 'action' || Number.isNaN(request.level)
          ? null
          : (request.level ?? PRIORITY_LEVELS),
      action: 'refused',
      written: auditable(request.value),
      before: inForce,
      after: inForce,
      note: `${error.code}: ${error.message}`,
      ...(request.durationMs ? { durationMs: request.durationMs } : {}),
    };
    // Answered with the refusal whether or not the record could be saved (a failing store is reported apart).
    return this.enqueue({ key: request.key, array: null, audit }, () => {}, {
      value: inForce,
      level: PRIORITY_LEVELS,
    }).then(() => answer);
  }

  /**
   * Commits an audit record of something that is not a write (an alarm acknowledged) with the writes of this
   * turn; resolves with the store's failure message, or null once it is durable.
   */
  async recordAudit(audit: AuditRecord): Promise<string | null> {
    const result = await this.enqueue({ key: audit.key, array: null, audit }, () => {}, {
      value: false,
      level: PRIORITY_LEVELS,
    });
    return result.ok ? null : result.message;
  }

  /** Why writes to `key` are refused now (System Enable off), or null. */
  private disabledFor(key: string): string | null {
    const enableKey = this.options.systemEnableKey;
    if (!enableKey || key === enableKey) return null;
    const index = this.options.points.indexOf(enableKey);
    if (index === undefined) return null;
    const array = this.pendingArrays.get(enableKey) ?? this.arrays.get(enableKey);
    const enabled = array
      ? this.effectiveOf(this.options.points.entry(index), array).value
      : this.options.points.value(index);
    return enabled === false
      ? `the site is disabled (${enableKey} is off): only ${enableKey} can be written`
      : null;
  }

  private enqueueAction(entry: PointEntry, request: WriteRequest, now: number): Promise<WriteResult> {
    const audit: AuditRecord = {
      ts: now,
      who: request.who,
      via: request.via,
      remote: request.remote ?? null,
      key: entry.key,
      level: null,
      action: 'run',
      written: entry.point.action,
      before: false,
      after: false,
    };
    const run = () => this.options.hooks.runAction(entry, request);
    return this.enqueue({ key: entry.key, array: null, audit }, run, {
      value: false,
      level: PRIORITY_LEVELS,
    });
  }

  private enqueue(
    write: CommittedWrite,
    apply: () => void,
    result: { value: Value; level: number },
  ): Promise<WriteResult> {
    this.unanswered++;
    return new Promise<WriteResult>((resolve) => {
      if (this.queue.length === 0) setImmediate(() => void this.commitQueue());
      this.queue.push({ write, apply, result: { ok: true, ...result }, resolve });
    });
  }

  /** Answers a queued write and counts it as answered (here rather than in a `finally`: a promise less). */
  private answer(pending: Pending, result: WriteResult): void {
    pending.resolve(result);
    if (--this.unanswered === 0) for (const done of this.whenAnswered.splice(0)) done();
  }

  /** Commits every queued write in one transaction, then applies and acknowledges them in order. */
  private async commitQueue(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    this.pendingArrays.clear();
    try {
      await this.options.store.commitWrites(batch.map((p) => p.write));
    } catch (err) {
      const message = `not saved, nothing changed: ${(err as Error).message}`;
      for (const p of batch) this.answer(p, failure('store-failed', message));
      return;
    }
    for (const p of batch) {
      p.apply();
      this.answer(p, p.result);
    }
  }

  /**
   * Calls `listener` with the key of each point whose value or level in force changes: a write at another
   * level of the value already in force changes no point value, yet it is a change to a client (writeLevel).
   */
  onInForceChange(listener: (key: string) => void): () => void {
    this.inForceListeners.add(listener);
    return () => this.inForceListeners.delete(listener);
  }

  /**
   * A priority array committed elsewhere (another node of a cluster): applied as a write of this node's is
   * (value in force, the device's command, expiries), with nothing committed again.
   */
  adopt(key: string, array: PriorityArray): void {
    const index = this.options.points.indexOf(key);
    if (this.closed || index === undefined || !this.arrays.has(key)) return; // stopping: no expiry set again
    this.apply(key, index, array);
  }

  private apply(key: string, index: number, array: PriorityArray): void {
    const entry = this.options.points.entry(index);
    const previous = this.arrays.get(key);
    const was = previous ? this.effectiveOf(entry, previous) : null;
    this.arrays.set(key, array);
    const now = this.effectiveOf(entry, array);
    const value = now.value;
    const send = this.options.hooks.deviceCommand?.(entry);
    if (send) send(now.level <= PRIORITY_LEVELS || writtenDefault(array) !== null ? value : null);
    else this.options.points.update(index, value, this.options.clock.now());
    this.scheduleExpiry(key, array);
    if (!was || was.value !== now.value || was.level !== now.level)
      for (const listener of this.inForceListeners) listener(key);
  }

  private scheduleExpiry(key: string, array: PriorityArray): void {
    this.expiryTimers.get(key)?.cancel();
    this.expiryTimers.delete(key);
    const at = nextExpiry(array);
    if (at === null) return;
    this.expiryTimers.set(
      key,
      this.options.clock.at(at, () => void this.expire(key)),
    );
  }

  /** Relinquishes the levels of `key` whose time has come, audited as the system. */
  private async expire(key: string): Promise<void> {
    const index = this.options.points.indexOf(key);
    const current = this.pendingArrays.get(key) ?? this.arrays.get(key);
    if (index === undefined || !current) return;
    const now = this.options.clock.now();
    const { array, expired } = withoutExpired(current, now);
    if (expired.length === 0) return this.scheduleExpiry(key, current);
    const entry = this.options.points.entry(index);
    if (this.options.hooks.maintains?.(entry) === false) return; // its device's node expires it
    const audit: AuditRecord = {
      ts: now,
      who: 'system',
      via: 'system',
      remote: null,
      key,
      level: expired[0] ?? TIMED_LEVEL,
      action: 'expire',
      written: null,
      before: this.effectiveOf(entry, current).value,
      after: this.effectiveOf(entry, array).value,
    };
    this.pendingArrays.set(key, array);
    await this.enqueue(
      { key, array, before: current, audit },
      () => this.apply(key, index, array),
      this.effectiveOf(entry, array),
    );
  }

  /** Refuses every write from now on ('stopping'); the writes already taken still commit and answer. */
  close(): void {
    this.closed = true;
  }

  /** Resolves when every write taken so far is committed (or failed) and answered. */
  answered(): Promise<void> {
    if (this.unanswered === 0) return Promise.resolve();
    return new Promise((resolve) => this.whenAnswered.push(resolve));
  }

  /** Stops expiry timers (the runtime is shutting down). */
  stop(): void {
    for (const timer of this.expiryTimers.values()) timer.cancel();
    this.expiryTimers.clear();
  }
}
