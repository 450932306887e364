// The caller's side of the calls, through PostgreSQL: a call is a row of `owner_calls` with a deadline of the
// database's clock; the node running the device takes it and answers (owner-call-runner.ts). The caller waits
// for the answer (woken by a notification, and reading again every `pollMs` in case one was lost) until its
// timeout; then it abandons the call, unless a node took it already: at most once, never late. A call no node
// took is never run afterwards (abandoned, and past its deadline anyway, even if the caller could not say so).

import { OwnerCallError, type OwnerCallTransport } from '../runtime/services/owner-calls.js';
import type { PgDatabase } from '../store/postgres/pg-database.js';
import { OWNER_CALLS_CHANNEL } from './owner-call-schema.js';

export interface OwnerCallTransportOptions {
  node: string;
  /** How often a waiting caller reads its answer when no notification came, ms (default 1000). */
  pollMs?: number;
}

interface AbandonRow extends Answer {
  /** This caller abandoned it (no node had taken it). */
  abandoned: boolean;
}

interface Answer {
  answered: boolean;
  ok: boolean | null;
  result: unknown;
  taken_by: string | null;
}

export class PgOwnerCallTransport implements OwnerCallTransport {
  /** Callers waiting, by call id: what wakes each. */
  private readonly waiting = new Map<string, () => void>();
  private stopped = false;

  constructor(
    private readonly db: PgDatabase,
    private readonly options: OwnerCallTransportOptions,
  ) {}

  async call(device: string, kind: string, payload: unknown, timeoutMs: number): Promise<unknown> {
    if (this.stopped) throw new OwnerCallError(`${device} runs on another node: this node is stopping`);
    const end = performance.now() + timeoutMs;
    const unreachable = (why: string) =>
      new OwnerCallError(
        `${device} runs on another node of the cluster, which cannot be reached now: ${why}`,
      );
    let id: string;
    try {
      const inserted = await within(this.insert(device, kind, payload, end), timeoutMs);
      if (inserted === undefined) throw new Error(`the database did not answer within ${timeoutMs} ms`);
      id = inserted;
    } catch (err) {
      throw unreachable((err as Error).message);
    }
    // A notification between a read and the wait must not be lost: `woken` remembers it.
    let woken = false;
    let wake = () => {};
    this.waiting.set(id, () => {
      woken = true;
      wake();
    });
    try {
      for (;;) {
        woken = false;
        const answer = await within(this.read(id), end - performance.now()).catch(() => undefined);
        if (answer?.answered) return settle(answer);
        const left = end - performance.now();
        if (left <= 0 || this.stopped) break;
        if (woken) continue;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(left, this.options.pollMs ?? 1000));
          timer.unref();
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    } finally {
      this.waiting.delete(id);
    }
    return this.abandon(id, device, kind, timeoutMs);
  }

  /**
   * Inserts the call, its deadline `end` as the database counts from its arrival, and commits it only while
   * the caller still waits (by its own clock): an insert delayed in the network (a partition) is rolled back,
   * or ended by the server when its commit does not come before the deadline. Goes on after the caller gave up.
   */
  private async insert(device: string, kind: string, payload: unknown, end: number): Promise<string> {
    const client = await this.db.pool.connect();
    let broken = false;
    const lost = () => {
      broken = true;
    };
    client.on('error', lost);
    try {
      const left = () => Math.round(end - performance.now());
      if (left() <= 0) throw new Error('no time left');
      await client.query('BEGIN');
      await client.query(`SET LOCAL idle_in_transaction_session_timeout = ${Math.max(1, left())}`);
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO owner_calls (device, kind, payload, caller, deadline)
         VALUES ($1, $2, $3::jsonb, $4, clock_timestamp() + $5 * interval '1 millisecond') RETURNING id::text AS id`,
        [device, kind, JSON.stringify(payload ?? null), this.options.node, Math.max(1, left())],
      );
      if (left() <= 0) throw new Error('no time left');
      await client.query(`SELECT pg_notify('${OWNER_CALLS_CHANNEL}', $1)`, [`call ${device}`]);
      await client.query('COMMIT');
      return rows[0]?.id as string;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw err;
    } finally {
      client.off('error', lost);
      client.release(broken);
    }
  }

  /** A notification's payload: wakes the caller waiting for that answer. */
  notified(payload: string): void {
    if (!payload.startsWith('answer ')) return;
    this.waiting.get(payload.slice('answer '.length))?.();
  }

  /** Listening again after a disconnection: every caller reads its answer now. */
  wakeAll(): void {
    for (const wake of this.waiting.values()) wake();
  }

  /** Waiting callers give up at once (they abandon their calls). */
  stop(): void {
    this.stopped = true;
    this.wakeAll();
  }

  private async read(id: string): Promise<Answer | undefined> {
    const { rows } = await this.db.query<Answer>(
      `SELECT answered_at IS NOT NULL AS answered, ok, result, taken_by FROM owner_calls WHERE id = $1`,
      [id],
    );
    return rows[0];
  }

  /** The timeout: abandoned if no node took it; else the answer if it came meanwhile; else why there is none. */
  private async abandon(id: string, device: string, kind: string, timeoutMs: number): Promise<unknown> {
    const late = `no answer from the node running ${device} within ${timeoutMs} ms`;
    let row: AbandonRow | undefined;
    try {
      row = await within(
        this.db
          .query<AbandonRow>(
            `WITH gone AS (
               UPDATE owner_calls SET abandoned = true WHERE id = $1 AND taken_at IS NULL RETURNING id)
             SELECT (SELECT count(*) FROM gone) > 0 AS abandoned, c.answered_at IS NOT NULL AS answered, c.ok,
                    c.result, c.taken_by
               FROM owner_calls c WHERE c.id = $1`,
            [id],
            true,
          )
          .then((r) => r.rows[0]),
        1000,
      );
    } catch {
      row = undefined;
    }
    if (row === undefined)
      throw new OwnerCallError(
        `${late} (the database did not answer: the call will not run after its deadline)`,
      );
    if (row.abandoned)
      throw new OwnerCallError(`${late}: no node took the '${kind}' call, abandoned (it will not run)`);
    if (row.answered) return settle(row);
    throw new OwnerCallError(`${late}: node ${row.taken_by} took the '${kind}' call and may have run it`);
  }
}

/** The answer recorded: the result, or the reason as an OwnerCallError. */
function settle(answer: Answer): unknown {
  if (answer.ok) return answer.result;
  throw new OwnerCallError(typeof answer.result === 'string' ? answer.result : JSON.stringify(answer.result));
}

/** `work`'s result, or undefined once `ms` have passed (the work goes on unheeded). */
async function within<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), Math.max(0, ms));
    timer.unref();
  });
  work.catch(() => {});
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
