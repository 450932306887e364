// A node's owner calls through PostgreSQL (`services.ownerCalls`' transport while the node runs): the caller's
// side (PgOwnerCallTransport), the owner's side (OwnerCallRunner, which runs calls through
// `services.ownerCalls.runHere`), one LISTEN connection that wakes both, a safety poll every `pollMs` (a
// notification lost costs at most that) and the retention of old calls every minute. Timers unref'd.

import type pg from 'pg';
import type { Logger } from '../core/logger.js';
import type { OwnerCalls } from '../runtime/services/owner-calls.js';
import type { OwnershipService } from '../runtime/services/ownership.js';
import type { PgDatabase } from '../store/postgres/pg-database.js';
import { OwnerCallListen } from './owner-call-listen.js';
import { pruneOwnerCalls } from './owner-call-retention.js';
import { OwnerCallRunner } from './owner-call-runner.js';
import { migrateOwnerCalls } from './owner-call-schema.js';
import { PgOwnerCallTransport } from './owner-call-transport.js';

export interface OwnerCallHubOptions {
  node: string;
  /** The site's devices (this node runs those `ownership` says). */
  devices: readonly string[];
  /** Which devices this node runs, and when that changes (a device taken over runs its waiting calls then). */
  ownership: OwnershipService;
  /** Inside a transaction: refuses (FencedError) unless this node holds the leases of `devices`. */
  fence: (client: pg.ClientBase, devices: readonly string[]) => Promise<void>;
  /** The runtime's owner calls: the transport is attached to them, and calls taken run through `runHere`. */
  calls: OwnerCalls;
  /** The safety poll, ms (default 1000). */
  pollMs?: number;
  log: Logger;
}

const PRUNE_EVERY_MS = 60_000;

export class OwnerCallHub {
  readonly transport: PgOwnerCallTransport;
  readonly runner: OwnerCallRunner;
  private readonly listen: OwnerCallListen;
  private detach: (() => void) | null = null;
  private pollTimer: NodeJS.Timeout | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;
  private unfollow: (() => void) | null = null;

  private constructor(db: PgDatabase, options: OwnerCallHubOptions) {
    const { node, log, ownership } = options;
    this.transport = new PgOwnerCallTransport(db, {
      node,
      ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
    });
    this.runner = new OwnerCallRunner(db, {
      node,
      owned: () => options.devices.filter((d) => ownership.owns(d)),
      fence: options.fence,
      run: (device, kind, payload) => options.calls.runHere(device, kind, payload),
      log,
    });
    this.listen = new OwnerCallListen(db, {
      node,
      log,
      onNotify: (payload) => {
        if (payload.startsWith('call ')) {
          if (ownership.owns(payload.slice('call '.length))) this.runner.poll();
        } else this.transport.notified(payload);
      },
      onListening: () => {
        this.runner.poll();
        this.transport.wakeAll();
      },
    });
  }

  /** Makes the table, listens, attaches the transport; rejects (nothing left running) when it cannot. */
  static async start(db: PgDatabase, options: OwnerCallHubOptions): Promise<OwnerCallHub> {
    await migrateOwnerCalls(db);
    const hub = new OwnerCallHub(db, options);
    await hub.listen.start();
    hub.detach = options.calls.attach(hub.transport);
    hub.unfollow = options.ownership.onChange((_device, owned) => {
      if (owned) hub.runner.poll();
    });
    hub.pollTimer = setInterval(() => hub.runner.poll(), options.pollMs ?? 1000);
    hub.pollTimer.unref();
    hub.pruneTimer = setInterval(() => {
      pruneOwnerCalls(db).catch((err: unknown) =>
        options.log.warn({ err: (err as Error).message }, 'owner calls: pruning failed'),
      );
    }, PRUNE_EVERY_MS);
    hub.pruneTimer.unref();
    return hub;
  }

  /** Detaches the transport (calls made from now on fail at once), stops taking calls, closes the connection. */
  async stop(): Promise<void> {
    this.detach?.();
    this.detach = null;
    this.unfollow?.();
    this.unfollow = null;
    clearInterval(this.pollTimer);
    clearInterval(this.pruneTimer);
    this.transport.stop();
    await this.runner.stop();
    await this.listen.stop();
  }
}
