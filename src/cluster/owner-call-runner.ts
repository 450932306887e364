// The owner's side of the calls: runs the calls waiting for the devices this node runs, oldest first. Each
// call is taken in a transaction fenced by the device's lease (a node that lost the lease takes nothing) and
// only while its deadline (the database's clock) has not passed and its caller has not abandoned it; the take
// commits before the call runs, so that a call runs at most once: an owner that dies after taking a call and
// before answering leaves it unanswered (its caller times out), and no other node runs it again.

import type pg from 'pg';
import type { Logger } from '../core/logger.js';
import type { PgDatabase } from '../store/postgres/pg-database.js';
import { FencedError } from './fencing.js';
import { OWNER_CALLS_CHANNEL } from './owner-call-schema.js';

/** Calls read per query at most (the rest at the next round, which follows at once). */
const PAGE = 100;

export interface OwnerCallRunnerOptions {
  node: string;
  /** The devices this node runs now. */
  owned: () => string[];
  /** Inside the take's transaction: refuses (FencedError) unless this node holds the leases of `devices`. */
  fence: (client: pg.ClientBase, devices: readonly string[]) => Promise<void>;
  /** Runs the call here; its result, or a rejection whose message is the reason. */
  run: (device: string, kind: string, payload: unknown) => Promise<unknown>;
  log: Logger;
}

interface Waiting {
  id: string;
  device: string;
}

export class OwnerCallRunner {
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly db: PgDatabase,
    private readonly options: OwnerCallRunnerOptions,
  ) {}

  /** Runs the calls waiting now (after the round under way, if one is). */
  poll(): void {
    if (this.stopped) return;
    this.again = true;
    if (this.running !== null) return;
    this.running = this.rounds()
      .catch((err: unknown) =>
        this.options.log.warn({ err: (err as Error).message }, 'owner calls: cannot read the calls waiting'),
      )
      .finally(() => {
        this.running = null;
      });
  }

  /** Takes no more calls; resolves once the one under way is answered. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private async rounds(): Promise<void> {
    while (this.again && !this.stopped) {
      this.again = false;
      const owned = this.options.owned();
      if (owned.length === 0) return;
      const { rows } = await this.db.query<Waiting>(
        `SELECT id::text AS id, device FROM owner_calls
          WHERE device = ANY($1::text[]) AND taken_at IS NULL AND NOT abandoned AND deadline > clock_timestamp()
          ORDER BY id LIMIT ${PAGE}`,
        [owned],
      );
      for (const call of rows) {
        if (this.stopped) return;
        await this.take(call);
      }
      if (rows.length === PAGE) this.again = true;
    }
  }

  /** Takes one call (fenced), runs it, records its answer; a call another node took, or past its deadline, is left. */
  private async take(call: Waiting): Promise<void> {
    let taken: { kind: string; payload: unknown } | undefined;
    try {
      taken = await this.db.transaction(async (client) => {
        await this.options.fence(client, [call.device]);
        const { rows } = await client.query<{ kind: string; payload: unknown }>(
          `UPDATE owner_calls SET taken_by = $2, taken_at = clock_timestamp()
            WHERE id = $1 AND taken_at IS NULL AND NOT abandoned AND deadline > clock_timestamp()
            RETURNING kind, payload`,
          [call.id, this.options.node],
        );
        return rows[0];
      });
    } catch (err) {
      if (err instanceof FencedError) return; // the device is no longer this node's to run
      throw err;
    }
    if (taken === undefined) return;
    let ok = true;
    let result: unknown;
    try {
      result = await this.options.run(call.device, taken.kind, taken.payload);
    } catch (err) {
      ok = false;
      result = (err as Error).message;
    }
    try {
      await this.db.query(
        `WITH answered AS (
           UPDATE owner_calls SET answered_at = clock_timestamp(), ok = $2, result = $3::jsonb
            WHERE id = $1 AND taken_by = $4 RETURNING id)
         SELECT pg_notify('${OWNER_CALLS_CHANNEL}', 'answer ' || id) FROM answered`,
        [call.id, ok, JSON.stringify(result ?? null), this.options.node],
        true,
      );
    } catch (err) {
      this.options.log.error(
        { call: call.id, device: call.device, kind: taken.kind, err: (err as Error).message },
        'owner calls: a call ran but its answer could not be recorded',
      );
    }
  }
}
