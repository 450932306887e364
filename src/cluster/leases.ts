// Device ownership for a node of a cluster: the devices of the site are shared among the live nodes by leases
// in PostgreSQL (cluster-schema.ts), renewed and balanced by a heartbeat, one transaction each. Whoever decides
// ownership is the database's clock; this node also stops believing it owns a lease by its own monotonic clock
// when it could not renew it in time (leases-local.ts), so that a partitioned node stops acting before another
// node may claim. A commit for devices proves ownership inside its transaction with `fenceCheck`. Node-wide
// roles (role-keys.ts) are leased the same way in the same transaction, balanced apart (roles-balance.ts).

import type pg from 'pg';
import type { PgDatabase } from '../store/postgres/pg-database.js';
import { StoreError } from '../store/store-error.js';
import { migrateCluster } from './cluster-schema.js';
import { type FencedError, fenceCheck, leaseRefusals } from './fencing.js';
import { balance } from './leases-balance.js';
import { LocalLeases } from './leases-local.js';
import { heartbeatSettings } from './leases-settings.js';
import {
  claimLeases,
  freeLeases,
  heldPerNode,
  insertDevices,
  nextStaleExpiry,
  releaseAllLeases,
  releaseLeases,
  renewLeases,
  setWanted,
} from './leases-sql.js';
import { beatNode, liveNodes, livePlayers, markNodeStopped, registerNode } from './nodes-registry.js';
import { type ClusterStatus, readClusterStatus } from './nodes-status.js';
import { isRoleKey, roleKey, roleOfKey } from './role-keys.js';
import { balanceRoles } from './roles-balance.js';

/** Why this node stopped holding a lease. */
export type LeaseLossReason =
  /** Its local deadline passed before a renewal succeeded (the database may be out of reach). */
  | 'expired'
  /** The renewal found it expired, released or claimed by another node in the database. */
  | 'taken'
  /** Released to a live node below its share. */
  | 'rebalanced'
  /** Released to the live node that asked for it (`want`: a real charge point of it connected there). */
  | 'handed-over'
  /** Released because this node is draining. */
  | 'draining'
  /** This manager stopped. */
  | 'stopped'
  /** Another process started under this node's name. */
  | 'superseded';

export interface LeaseManagerOptions {
  /** This node's name (unique in the cluster: a second process under it supersedes the first). */
  node: string;
  /** The devices of the site file: inserted if missing; no other device is ever claimed. */
  devices: readonly string[];
  /** The node-wide roles this node may play (one node of the cluster at a time plays each). */
  roles?: readonly string[];
  /** How long a lease lasts after its last renewal, by the database's clock, ms (default 4000). */
  ttlMs?: number;
  /** How often the heartbeat runs, ms (default 1000). */
  heartbeatMs?: number;
  /**
   * How much earlier than the database's expiry this node stops believing it holds a lease, ms (default an
   * eighth of the ttl): covers the rate difference of the two clocks. heartbeat + margin must be below ttl.
   */
  safetyMarginMs?: number;
  /** No heartbeat timer: heartbeats run only when `heartbeat()` is called (tests, tools). */
  manual?: boolean;
  /** This node now holds the lease of `device`, with fencing token `token`. */
  onAcquired?: (device: string, token: number) => void;
  /** This node no longer holds the lease of `device` (it must stop acting for it now). */
  onLost?: (device: string, reason: LeaseLossReason) => void;
  /** This node now plays `role`, with fencing token `token`. */
  onRoleAcquired?: (role: string, token: number) => void;
  /** This node no longer plays `role` (it must stop playing it now). */
  onRoleLost?: (role: string, reason: LeaseLossReason) => void;
  /** A heartbeat failed (it will be tried again), or a callback threw. */
  onError?: (err: Error) => void;
}

type State = 'new' | 'running' | 'stopped' | 'superseded';

export class LeaseManager {
  readonly node: string;
  readonly ttlMs: number;
  readonly heartbeatMs: number;
  readonly safetyMarginMs: number;
  private readonly devices: readonly string[];
  private readonly local: LocalLeases;
  /** The lease keys of the roles this node may play, sorted. */
  private readonly roleKeys: readonly string[];
  /** The roles held, by lease key. */
  private readonly roleLocal: LocalLeases;
  private state: State = 'new';
  private draining = false;
  private incarnation = 0;
  private timer: NodeJS.Timeout | undefined;
  /** The heartbeats in order: one at a time. */
  private chain: Promise<unknown> = Promise.resolve();
  /** Heartbeats that committed since the start. */
  private beats = 0;
  /**
   * Leases (by key) whose local deadline passed since the last heartbeat, with their tokens: the next one tries
   * to renew them too, and holds again those the database still gave this node (see `beat`).
   */
  private readonly lapsed = new Map<string, number>();
  /** The devices this node asks for (`want`), and whether the database has yet to be told (at the start: to
   * clear what an earlier process under this name asked for). */
  private readonly wanted = new Set<string>();
  private wantedChanged = true;
  private wantedVersion = 0;
  /** The last heartbeat's failure (null once one commits). */
  lastError: StoreError | null = null;

  constructor(
    private readonly db: PgDatabase,
    private readonly options: LeaseManagerOptions,
  ) {
    this.node = options.node;
    this.devices = [...new Set(options.devices)].sort();
    this.ttlMs = options.ttlMs ?? 4000;
    this.heartbeatMs = options.heartbeatMs ?? 1000;
    this.safetyMarginMs = options.safetyMarginMs ?? Math.round(this.ttlMs / 8);
    if (!(this.heartbeatMs > 0 && this.safetyMarginMs > 0))
      throw new RangeError('cluster leases: the heartbeat and the safety margin must be positive');
    if (this.heartbeatMs + this.safetyMarginMs >= this.ttlMs)
      throw new RangeError(
        `cluster leases: heartbeat (${this.heartbeatMs} ms) + safety margin (${this.safetyMarginMs} ms) must be below the ttl (${this.ttlMs} ms)`,
      );
    this.local = new LocalLeases((device, token) => this.lapse(device, token));
    this.roleKeys = [...new Set(options.roles ?? [])].map(roleKey).sort();
    this.roleLocal = new LocalLeases((key, token) => this.lapse(key, token));
  }

  /** Migrates the schema, registers this node (a new incarnation), inserts missing devices, runs a first heartbeat. */
  async start(): Promise<void> {
    if (this.state !== 'new') throw new Error(`lease manager of ${this.node} already started`);
    await migrateCluster(this.db);
    this.incarnation = await this.db.transaction(async (client) => {
      await insertDevices(client, [...this.devices, ...this.roleKeys]);
      return registerNode(client, this.node, this.roleKeys.map(roleOfKey));
    });
    if (this.state !== 'new') return; // stopped while registering: the stop holds nothing to release
    this.state = 'running';
    const wake = await this.heartbeat().catch(() => null);
    this.schedule(performance.now(), wake);
  }

  /**
   * Stops: the timers are cleared and every lease is dropped locally (onLost 'stopped') first; then, with
   * `release` (default), the node is marked stopped and its leases expire now, so that the others claim them
   * at their next heartbeat. `release: false` is what a kill looks like to the others. Rejects when the release
   * could not be written (the leases then expire by the ttl).
   */
  async stop({ release = true }: { release?: boolean } = {}): Promise<void> {
    const was = this.state;
    if (was === 'stopped') return;
    this.state = 'stopped';
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.lapsed.clear();
    for (const device of this.local.dropAll()) this.report(device, 'stopped');
    for (const key of this.roleLocal.dropAll()) this.report(key, 'stopped');
    // The heartbeat under way settles (or is abandoned) within a ttl; what it claims now is not believed.
    await this.chain;
    if (!release || was !== 'running') return;
    await this.db.transaction(async (client) => {
      if (await markNodeStopped(client, this.node, this.incarnation))
        await releaseAllLeases(client, this.node);
    });
  }

  /** Drains: this node releases every lease at once (a heartbeat now) and claims none until `undrain`. */
  async drain(): Promise<void> {
    this.draining = true;
    await this.heartbeat();
  }

  /** Takes this node back into the sharing: it claims its share from the next heartbeat (one runs now). */
  async undrain(): Promise<void> {
    this.draining = false;
    await this.heartbeat();
  }

  /**
   * Asks for `device` (true) or stops asking (false): a node to which something only it can serve is tied (a
   * real charge point of the device connected to it) asks; the node holding the device hands it over at its
   * next heartbeat, no other node claims it while this one is live, and this node claims it, keeps it through
   * rebalancing and gives it up only when it stops or drains. A device no longer asked for stays where it is.
   * A heartbeat runs now.
   */
  want(device: string, wanted: boolean): void {
    if (wanted === this.wanted.has(device) || !this.devices.includes(device)) return;
    if (wanted) this.wanted.add(device);
    else this.wanted.delete(device);
    this.wantedVersion++;
    this.wantedChanged = true;
    if (this.state === 'running' && !this.options.manual) this.heartbeat().catch(() => {});
  }

  /** Whether this node is draining. */
  get isDraining(): boolean {
    return this.draining;
  }

  /** Heartbeats committed since the start. */
  get heartbeats(): number {
    return this.beats;
  }

  /** Device → fencing token of every lease this node holds now (by its local deadlines). */
  owned(): Map<string, number> {
    return this.local.tokens();
  }

  /** Whether this node holds the lease of `device` now (by its local deadline). */
  owns(device: string): boolean {
    return this.local.holds(device);
  }

  /** The roles this node plays now (by its local deadlines), sorted. */
  roles(): string[] {
    return [...this.roleLocal.tokens().keys()].map(roleOfKey).sort();
  }

  /** Whether this node plays `role` now (by its local deadline). */
  playsRole(role: string): boolean {
    return this.roleLocal.holds(roleKey(role));
  }

  /**
   * Inside a commit's transaction: refuses (FencedError) unless this node holds every device's lease. The
   * transaction, if it then sits idle longer than the safety margin (its node cut off), is ended by the server,
   * so that the lease rows it locks do not hold the other nodes' claims back.
   */
  fenceCheck(client: pg.ClientBase, devices: readonly string[]): Promise<void> {
    return fenceCheck(client, { node: this.node, tokens: this.local.tokens() }, devices, {
      idleTimeoutMs: this.safetyMarginMs,
    });
  }

  /**
   * Inside a commit's transaction: why this node may not commit for each of `devices` (none: it may for all),
   * the lease rows locked in one statement, with the same idle limit as `fenceCheck`.
   */
  leaseRefusals(client: pg.ClientBase, devices: readonly string[]): Promise<Map<string, FencedError>> {
    return leaseRefusals(client, { node: this.node, tokens: this.local.tokens() }, devices, {
      idleTimeoutMs: this.safetyMarginMs,
    });
  }

  /** Every node and every device lease as the database sees them now. */
  status(): Promise<ClusterStatus> {
    return readClusterStatus(this.db, this.ttlMs);
  }

  /**
   * Runs one heartbeat now (after the one under way, if any); rejects when it failed. Resolves with the ms
   * until the first lease of a node that missed its heartbeats expires (null when none), to claim it then.
   */
  heartbeat(): Promise<number | null> {
    const run = this.chain.then(() => this.beat());
    this.chain = run.catch(() => {});
    return run;
  }

  /** One heartbeat transaction: beat, renew, balance (release, then claim). */
  private async beat(): Promise<number | null> {
    if (this.state !== 'running') return null;
    const started = performance.now();
    this.local.expireDue();
    this.roleLocal.expireDue();
    // A lapsed lease gets this one heartbeat's chance of being renewed (it is gone otherwise).
    const tokens = new Map([...this.lapsed, ...this.local.tokens(), ...this.roleLocal.tokens()]);
    this.lapsed.clear();
    const draining = this.draining;
    const askedVersion = this.wantedVersion;
    const asked = this.wantedChanged ? [...this.wanted] : null;
    // A heartbeat the database does not answer within a ttl (a network cut leaves the connection waiting) is
    // abandoned: whatever it may still commit later is not believed (an unbelieved claim simply expires).
    let abandoned = false;
    const stillWanted = () => {
      if (abandoned) throw new StoreError(`heartbeat of node ${this.node} abandoned`);
    };
    try {
      const transaction = this.db.transaction(async (client) => {
        // A heartbeat stuck behind a lock is of no use after a ttl: fail it (the next one tries again). One
        // whose node went silent mid-way (a network cut) is ended by the server within the safety margin, so
        // that its row locks are gone before its leases expire and the others can claim them. Its commit does
        // not wait for the disk (heartbeat-settings.ts says why that is safe). One round trip for the three.
        await client.query(heartbeatSettings(this.ttlMs, this.safetyMarginMs));
        if (!(await beatNode(client, this.node, this.incarnation, draining))) return null;
        if (asked !== null) await setWanted(client, this.node, asked);
        const renewed = await renewLeases(client, this.node, this.ttlMs, tokens);
        for (const device of tokens.keys()) if (!renewed.has(device)) this.lose(device, 'taken');
        const live = await liveNodes(client, this.ttlMs);
        const held = await heldPerNode(client);
        /** Released by this heartbeat (never held again from its renewal). */
        const released = new Set<string>();
        const handedOver = await this.handOver(client, renewed, live, tokens, draining);
        for (const device of handedOver) released.add(device);
        held.devices.set(this.node, (held.devices.get(this.node) ?? 0) - handedOver.length);
        const plan = balance({
          me: this.node,
          draining,
          devices: this.devices.length,
          held: held.devices,
          live,
        });
        stillWanted();
        const roles = await this.balanceRoles(client, new Set(renewed.keys()), held.roles, draining);
        stillWanted();
        if (roles.release.length > 0) {
          // Dropped before the release commits, as devices below.
          for (const key of roles.release) {
            released.add(key);
            this.lose(key, draining ? 'draining' : 'rebalanced');
          }
          await releaseLeases(
            client,
            this.node,
            new Map(roles.release.map((key) => [key, tokens.get(key) ?? 0])),
          );
        }
        if (plan.release > 0) {
          // The last ones in device order; dropped here BEFORE the release commits, so that no other node
          // can claim one while this node still believes it holds it.
          // Never one this node asks for (unless it drains), nor one handed over just now.
          const releasing = new Map(
            [...renewed.keys()]
              .filter((d) => !isRoleKey(d) && !released.has(d) && (draining || !this.wanted.has(d)))
              .sort()
              .slice(-plan.release)
              .map((d) => [d, tokens.get(d) ?? 0]),
          );
          for (const device of releasing.keys()) {
            released.add(device);
            this.lose(device, draining ? 'draining' : 'rebalanced');
          }
          await releaseLeases(client, this.node, releasing);
        }
        stillWanted();
        // Those it asks for first, beyond its share (the balance makes up for them with others).
        const askedFree = draining ? [] : [...this.wanted].filter((d) => !renewed.has(d)).sort();
        const claimed = await claimLeases(client, this.node, this.ttlMs, askedFree, askedFree.length);
        const more = plan.claim - claimed.size;
        for (const [key, token] of await claimLeases(client, this.node, this.ttlMs, this.devices, more))
          claimed.set(key, token);
        for (const [key, token] of await claimLeases(
          client,
          this.node,
          this.ttlMs,
          roles.claim,
          roles.claim.length,
        ))
          claimed.set(key, token);
        const wake = await nextStaleExpiry(client, 2 * this.heartbeatMs);
        stillWanted();
        return { renewed, released, claimed, wake };
      });
      const outcome = await this.answered(transaction, () => {
        abandoned = true;
      });
      if (outcome === null) {
        if (this.state !== 'running') return null; // stopped meanwhile: the stop marked the node stopped
        this.supersede();
        throw new StoreError(
          `node ${this.node}: another process started under this name; this one holds no lease any more`,
        );
      }
      this.beats++;
      this.lastError = null;
      if (asked !== null && askedVersion === this.wantedVersion) this.wantedChanged = false;
      if (this.state !== 'running') return null;
      const deadline = started + this.ttlMs - this.safetyMarginMs;
      const inTime = performance.now() < deadline;
      // Those whose local deadline passed meanwhile are reported lost first (the timer may not have run yet).
      this.local.expireDue();
      this.roleLocal.expireDue();
      for (const device of outcome.renewed.keys()) {
        const token = tokens.get(device);
        const local = this.localOf(device);
        if (token === undefined || outcome.released.has(device)) continue;
        if (local.token(device) === token) local.set(device, token, deadline);
        else if (inTime && !local.holds(device)) {
          // Its local deadline passed (the event loop held up by other work, a slow database) before or while
          // this renewal was on its way, but the database renewed it under the same token, so no other node
          // held it meanwhile: held again until this renewal's deadline, as a claim is, rather than left to
          // expire in the database and be claimed afresh seconds later.
          local.set(device, token, deadline);
          this.announce(device, token);
        }
      }
      if (inTime) {
        for (const [key, token] of outcome.claimed) {
          this.localOf(key).set(key, token, deadline);
          this.announce(key, token);
        }
      }
      return outcome.wake;
    } catch (err) {
      const failure = err instanceof StoreError ? err : new StoreError(String(err), err);
      this.lastError = failure;
      this.call(() => this.options.onError?.(failure));
      throw failure;
    }
  }

  /** A lease's local deadline passed: reported lost now, kept for the next heartbeat's renewal. */
  private lapse(key: string, token: number): void {
    if (this.state === 'running') this.lapsed.set(key, token);
    this.report(key, 'expired');
  }

  /** Tells the owner that a device or a role (by lease key) is held now, with `token`. */
  private announce(key: string, token: number): void {
    if (isRoleKey(key)) this.call(() => this.options.onRoleAcquired?.(roleOfKey(key), token));
    else this.call(() => this.options.onAcquired?.(key, token));
  }

  /**
   * Releases the devices another live node asks for (dropped here before the release commits, as any
   * release), unless this node asks for them too or drains (then it releases everything anyway); which.
   */
  private async handOver(
    client: pg.ClientBase,
    renewed: ReadonlyMap<string, string | null>,
    live: readonly string[],
    tokens: ReadonlyMap<string, number>,
    draining: boolean,
  ): Promise<string[]> {
    if (draining) return [];
    const asked = [...renewed]
      .filter(([d, by]) => by !== null && by !== this.node && live.includes(by) && !this.wanted.has(d))
      .map(([d]) => d);
    if (asked.length === 0) return [];
    for (const device of asked) this.lose(device, 'handed-over');
    await releaseLeases(client, this.node, new Map(asked.map((d) => [d, tokens.get(d) ?? 0])));
    return asked;
  }

  /** The roles to claim and release (lease keys), when this node may play any. */
  private async balanceRoles(
    client: pg.ClientBase,
    renewed: ReadonlySet<string>,
    held: ReadonlyMap<string, number>,
    draining: boolean,
  ): Promise<{ claim: string[]; release: string[] }> {
    if (this.roleKeys.length === 0) return { claim: [], release: [] };
    const players = await livePlayers(client, this.ttlMs);
    const others = [...players]
      .filter(([name]) => name !== this.node)
      .map(([name, roles]) => ({
        declared: new Set([...roles].map(roleKey)),
        held: held.get(name) ?? 0,
      }));
    return balanceRoles({
      draining,
      mine: [...renewed].filter(isRoleKey).sort(),
      free: draining ? [] : await freeLeases(client, this.roleKeys),
      others,
    });
  }

  /** The local leases a lease key belongs to: the roles' or the devices'. */
  private localOf(key: string): LocalLeases {
    return isRoleKey(key) ? this.roleLocal : this.local;
  }

  /** `work`, or a StoreError when it has not settled within a ttl (then `abandon` is called first). */
  private async answered<T>(work: Promise<T>, abandon: () => void): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abandon();
        reject(
          new StoreError(
            `heartbeat of node ${this.node}: no answer from the database ${this.db.where} within ${this.ttlMs} ms`,
          ),
        );
      }, this.ttlMs);
      timer.unref();
    });
    work.catch(() => {}); // once abandoned, its own failure has nobody to tell
    try {
      return await Promise.race([work, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Another incarnation took this node's name: nothing is held any more, no heartbeat runs again. */
  private supersede(): void {
    this.state = 'superseded';
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.lapsed.clear();
    for (const device of this.local.dropAll()) this.report(device, 'superseded');
    for (const key of this.roleLocal.dropAll()) this.report(key, 'superseded');
  }

  /** Schedules the next heartbeat: one period after the last one started, or just after a stale lease expires. */
  private schedule(lastStarted: number, wake: number | null): void {
    if (this.options.manual || this.state !== 'running') return;
    let delay = lastStarted + this.heartbeatMs - performance.now();
    if (wake !== null) delay = Math.min(delay, Math.max(10, wake + 5));
    this.timer = setTimeout(
      () => {
        const started = performance.now();
        this.heartbeat().then(
          (next) => this.schedule(started, next),
          () => this.schedule(started, null),
        );
      },
      Math.max(0, delay),
    );
    this.timer.unref();
  }

  /** Drops a device or role (by lease key) locally and reports it lost (when it was held). */
  private lose(key: string, reason: LeaseLossReason): void {
    if (this.localOf(key).drop(key)) this.report(key, reason);
  }

  /** Tells the owner that a device or a role (by lease key) is lost. */
  private report(key: string, reason: LeaseLossReason): void {
    if (isRoleKey(key)) this.call(() => this.options.onRoleLost?.(roleOfKey(key), reason));
    else this.call(() => this.options.onLost?.(key, reason));
  }

  /** Runs a callback of the owner; what it throws goes to onError, never into the heartbeat. */
  private call(callback: () => void): void {
    try {
      callback();
    } catch (err) {
      const failure = err instanceof Error ? err : new Error(String(err));
      try {
        if (this.options.onError) this.options.onError(failure);
        else process.emitWarning(`cluster leases of ${this.node}: a callback threw: ${failure.message}`);
      } catch {
        // onError itself threw: nothing left to tell it with.
      }
    }
  }
}
