// The owner calls' own connection to PostgreSQL (outside the pool, since it LISTENs on the calls' channel):
// each notification's payload is handed on; a lost connection is reconnected with a bounded backoff, and each
// (re)connection is reported, since notifications sent meanwhile were lost (the caller then reads what it
// missed; a slow safety poll does the same when a notification is lost).

import type pg from 'pg';
import type { Logger } from '../core/logger.js';
import { explainPgError, type PgDatabase } from '../store/postgres/pg-database.js';
import { Backoff } from './feed-backoff.js';
import { closeClient, feedClient } from './feed-client.js';
import { OWNER_CALLS_CHANNEL } from './owner-call-schema.js';

export interface OwnerCallListenOptions {
  node: string;
  /** A notification's payload. */
  onNotify: (payload: string) => void;
  /** Listening (again): notifications may have been missed before. */
  onListening: () => void;
  log: Logger;
}

export class OwnerCallListen {
  private client: pg.Client | null = null;
  private readonly backoff = new Backoff(100, 5000);
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly db: PgDatabase,
    private readonly options: OwnerCallListenOptions,
  ) {}

  /** Listens; rejects (nothing left open) when the first connection fails. */
  async start(): Promise<void> {
    this.client = await this.connect();
    this.options.onListening();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = null;
    if (client !== null) await closeClient(client);
  }

  private async connect(): Promise<pg.Client> {
    const client = feedClient(this.db, this.options.node, 15_000);
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, new Error('the connection ended')));
    client.on('notification', (message) => {
      if (message.channel === OWNER_CALLS_CHANNEL && client === this.client)
        this.options.onNotify(message.payload ?? '');
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${OWNER_CALLS_CHANNEL}`);
    } catch (err) {
      await closeClient(client);
      throw err;
    }
    return client;
  }

  private lost(client: pg.Client, err: unknown): void {
    if (client !== this.client || this.stopped) return;
    this.client = null;
    void closeClient(client);
    this.options.log.warn(
      { err: explainPgError(err, this.db.where).message },
      'owner calls: lost the connection that listens, reconnecting',
    );
    this.reconnectLater();
  }

  private reconnectLater(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.reconnect(), this.backoff.delay());
    this.timer.unref();
  }

  private async reconnect(): Promise<void> {
    let client: pg.Client;
    try {
      client = await this.connect();
    } catch {
      this.reconnectLater();
      return;
    }
    if (this.stopped) {
      await closeClient(client);
      return;
    }
    this.backoff.reset();
    this.client = client;
    this.options.onListening();
  }
}
