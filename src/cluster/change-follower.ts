// A node's side of the change feed: the current values of every point (a snapshot), then every change
// published after it, in seq order, each once. A dedicated connection (not the pool) LISTENs for commits; each
// notification, and a slow safety poll, reads the changes after the last delivered seq in bounded pages, so
// notifications lost or coalesced cost nothing. A lost connection is reconnected with a bounded backoff and
// the follower catches up from its last seq; when retention deleted changes it never saw, it reloads the
// snapshot (`onSnapshot`) and goes on from there.

import type pg from 'pg';
import type { Logger } from '../core/logger.js';
import { explainPgError, type PgDatabase } from '../store/postgres/pg-database.js';
import { FEED_CHANNEL } from '../store/postgres/pg-feed-wire.js';
import { Backoff } from './feed-backoff.js';
import type { PointValue, PublishedChange } from './feed-change.js';
import { closeClient, feedClient } from './feed-client.js';
import { readPage, readSnapshot } from './feed-reads.js';
import { migrateFeed } from './feed-schema.js';

export interface ChangeFollowerOptions {
  /** This node's name (its connection's application_name says it). */
  node: string;
  /** Skip changes this node published (they still move the last seq). */
  ignoreOwn?: boolean;
  /** Each change after the snapshot, in seq order, once. */
  onChange: (change: PublishedChange) => void;
  /** Every current value, at the start and whenever changes were missed; `seq`: what they reflect. */
  onSnapshot: (values: ReadonlyMap<string, PointValue>, seq: number) => void;
  /** The connection was lost (the values delivered may be getting old until it is back). */
  onLost?: () => void;
  /**
   * After a lost connection, reload the snapshot (`onSnapshot`) rather than only catching up: every value then
   * comes again with its status, also those that did not change meanwhile (default false).
   */
  reloadOnReconnect?: boolean;
  /** Changes read per query at most (default 1000). */
  pageSize?: number;
  /** First delay before reconnecting, ms (default 100). */
  reconnectMs?: number;
  /** Longest delay between reconnection attempts, ms (default 5000). */
  maxReconnectMs?: number;
  /** The safety read when no notification came, ms (default 5000). */
  pollMs?: number;
  /**
   * Longest wait for a read, ms (default 15,000): a connection that stops answering (a network cut, without a
   * reset) is then dropped and reconnected; the safety read finds it when no notification comes.
   */
  readTimeoutMs?: number;
  logger?: Logger;
}

export type FollowerState = 'idle' | 'starting' | 'following' | 'reconnecting' | 'stopped';

export interface FollowerStatus {
  state: FollowerState;
  /** Times the connection was lost. */
  disconnects: number;
  /** Snapshots loaded (the first one included). */
  snapshots: number;
  /** The last failure, for a person (null once following again). */
  lastError: string | null;
}

export interface FollowerLag {
  /** The newest seq known to be committed (from notifications and reads). */
  newestSeq: number;
  /** The last seq delivered (or taken in by a snapshot). */
  deliveredSeq: number;
  /** Changes known and not delivered yet. */
  behind: number;
  /** Wall-clock ms of the last delivery (a change or a snapshot), null before the first. */
  lastDeliveryAt: number | null;
}

export class ChangeFollower {
  private state: FollowerState = 'idle';
  private client: pg.Client | null = null;
  private last = 0;
  private newest = 0;
  private lastDeliveryAt: number | null = null;
  private disconnects = 0;
  private snapshots = 0;
  private lastError: string | null = null;
  private readonly backoff: Backoff;
  private reconnectTimer: NodeJS.Timeout | undefined;
  /** The next read starts with the snapshot (a reconnect with `reloadOnReconnect`). */
  private reloadNext = false;
  private pollTimer: NodeJS.Timeout | undefined;
  private reading: Promise<void> | null = null;
  private readAgain = false;

  constructor(
    private readonly db: PgDatabase,
    private readonly options: ChangeFollowerOptions,
  ) {
    this.backoff = new Backoff(options.reconnectMs ?? 100, options.maxReconnectMs ?? 5000);
  }

  /** Loads the snapshot and follows; rejects with a StoreError (nothing left running) when it cannot. */
  async start(): Promise<void> {
    if (this.state !== 'idle') throw new Error(`the change follower cannot start when ${this.state}`);
    this.state = 'starting';
    try {
      await migrateFeed(this.db);
      // LISTEN before the snapshot: a commit after it is then either in the snapshot or notified.
      const client = await this.connect();
      try {
        await this.reload(client);
      } catch (err) {
        await closeClient(client);
        throw err;
      }
      this.client = client;
    } catch (err) {
      this.state = 'idle';
      throw explainPgError(err, this.db.where);
    }
    this.state = 'following';
    this.pollTimer = setInterval(() => this.read(), this.options.pollMs ?? 5000);
    this.pollTimer.unref();
    this.read();
  }

  lag(): FollowerLag {
    return {
      newestSeq: Math.max(this.newest, this.last),
      deliveredSeq: this.last,
      behind: Math.max(0, this.newest - this.last),
      lastDeliveryAt: this.lastDeliveryAt,
    };
  }

  status(): FollowerStatus {
    return {
      state: this.state,
      disconnects: this.disconnects,
      snapshots: this.snapshots,
      lastError: this.lastError,
    };
  }

  /** Stops following: closes the connection, cancels every timer; nothing is delivered after it resolves. */
  async stop(): Promise<void> {
    this.state = 'stopped';
    clearTimeout(this.reconnectTimer);
    clearInterval(this.pollTimer);
    const client = this.client;
    this.client = null;
    if (client !== null) await closeClient(client);
    await this.reading;
  }

  /** A new connection that LISTENs, its loss and notifications wired. */
  private async connect(): Promise<pg.Client> {
    const client = feedClient(this.db, this.options.node, this.options.readTimeoutMs ?? 15_000);
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, new Error('the connection ended')));
    client.on('notification', (message) => {
      if (message.channel !== FEED_CHANNEL) return;
      this.newest = Math.max(this.newest, Number(message.payload) || 0);
      if (client === this.client) this.read();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${FEED_CHANNEL}`);
    } catch (err) {
      await closeClient(client);
      throw err;
    }
    return client;
  }

  /** The connection in use was lost: drop it and reconnect later. */
  private lost(client: pg.Client, err: unknown): void {
    if (client !== this.client || this.state === 'stopped') return;
    this.client = null;
    this.disconnects++;
    this.lastError = explainPgError(err, this.db.where).message;
    this.state = 'reconnecting';
    void closeClient(client);
    this.options.logger?.warn({ err: this.lastError }, 'change feed: follower lost its connection');
    try {
      this.options.onLost?.();
    } catch (err) {
      this.options.logger?.error({ err: (err as Error).message }, 'change feed: onLost threw');
    }
    this.reconnectLater();
  }

  private reconnectLater(): void {
    if (this.state === 'stopped') return;
    const delay = this.backoff.delay();
    this.reconnectTimer = setTimeout(() => void this.reconnect(), delay);
    this.reconnectTimer.unref();
  }

  private async reconnect(): Promise<void> {
    this.reconnectTimer = undefined;
    let client: pg.Client;
    try {
      client = await this.connect();
    } catch (err) {
      this.lastError = explainPgError(err, this.db.where).message;
      this.options.logger?.warn({ err: this.lastError }, 'change feed: follower cannot reconnect yet');
      this.reconnectLater();
      return;
    }
    if (this.state === 'stopped') {
      await closeClient(client);
      return;
    }
    this.client = client;
    this.state = 'following';
    this.lastError = null;
    if (this.options.reloadOnReconnect === true) this.reloadNext = true;
    this.options.logger?.info({ from: this.last }, 'change feed: follower reconnected, catching up');
    this.read();
  }

  /** Reads (now, or again after the read under way) what was committed after the last seq. */
  private read(): void {
    if (this.client === null || this.state !== 'following') return;
    this.readAgain = true;
    if (this.reading !== null) return;
    const client = this.client;
    this.reading = this.catchUp(client)
      .catch((err) => this.lost(client, err))
      .finally(() => {
        this.reading = null;
        if (this.readAgain) this.read();
      });
  }

  /** Delivers every change after the last seq, page by page, reloading the snapshot when some were pruned. */
  private async catchUp(client: pg.Client): Promise<void> {
    const pageSize = this.options.pageSize ?? 1000;
    while (this.readAgain && client === this.client) {
      this.readAgain = false;
      if (this.reloadNext) {
        this.reloadNext = false;
        await this.reload(client);
      }
      for (;;) {
        const page = await readPage(client, this.last, pageSize);
        if (client !== this.client) return;
        // Only a read that worked ends the backoff: a connection that connects and then fails keeps backing off.
        this.backoff.reset();
        if (page.horizon > this.last) {
          this.options.logger?.warn(
            { last: this.last, horizon: page.horizon },
            'change feed: changes were pruned before this node read them, reloading every value',
          );
          await this.reload(client);
          continue;
        }
        for (const change of page.changes) this.deliver(change);
        if (page.changes.length < pageSize) break;
      }
    }
  }

  private deliver(change: PublishedChange): void {
    this.last = change.seq;
    this.newest = Math.max(this.newest, change.seq);
    if (this.options.ignoreOwn === true && change.node === this.options.node) return;
    this.lastDeliveryAt = Date.now();
    try {
      this.options.onChange(change);
    } catch (err) {
      this.options.logger?.error(
        { err: (err as Error).message, seq: change.seq },
        'change feed: onChange threw',
      );
    }
  }

  private async reload(client: pg.Client): Promise<void> {
    const snapshot = await readSnapshot(client);
    if (this.state === 'stopped') return;
    this.last = snapshot.seq;
    this.newest = Math.max(this.newest, snapshot.seq);
    this.snapshots++;
    this.lastDeliveryAt = Date.now();
    try {
      this.options.onSnapshot(snapshot.values, snapshot.seq);
    } catch (err) {
      this.options.logger?.error({ err: (err as Error).message }, 'change feed: onSnapshot threw');
    }
  }
}
