// The two reads a follower makes: the snapshot (every current value and the seq it reflects, in one
// REPEATABLE READ transaction so that both agree) and a page of changes after a seq (with the retention
// horizon read in the same statement, so that a page is never mistaken for complete after a prune).

import type pg from 'pg';
import { type ChangeRow, changeOfRow, type PointValue, type PublishedChange } from './feed-change.js';

export interface FeedSnapshot {
  values: Map<string, PointValue>;
  /** Every change up to this seq is reflected in `values`; none after it. */
  seq: number;
}

export interface FeedPage {
  /** The newest seq retention deleted: a reader whose last seq is below it has missed changes. */
  horizon: number;
  /** Changes after the seq asked for, in seq order (at most the limit asked for). */
  changes: PublishedChange[];
}

/** Reads the snapshot on `client` (which must not be in a transaction). */
export async function readSnapshot(client: pg.ClientBase): Promise<FeedSnapshot> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    // Publishers commit in seq order: the newest seq visible (or pruned) is the whole past of this snapshot.
    const head = await client.query<{ seq: string }>(
      `SELECT greatest((SELECT max(seq) FROM point_changes),
                       (SELECT pruned_through FROM feed_horizon)) AS seq`,
    );
    const rows = await client.query<Omit<PointValue, 'seq'> & { key: string; seq: string }>(
      'SELECT key, value, status, ts, seq FROM point_values',
    );
    await client.query('COMMIT');
    const values = new Map<string, PointValue>();
    for (const r of rows.rows)
      values.set(r.key, { value: r.value, status: r.status, ts: r.ts, seq: Number(r.seq) });
    return { values, seq: Number(head.rows[0]?.seq ?? 0) };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

/** Reads at most `limit` changes after `after`, in seq order, with the horizon of the same moment. */
export async function readPage(client: pg.ClientBase, after: number, limit: number): Promise<FeedPage> {
  const { rows } = await client.query<{ horizon: string } & Partial<ChangeRow>>(
    // The horizon as a scalar subquery (not a join of a table without statistics, whose guessed size made
    // the planner compile the query with JIT on every read).
    `SELECT (SELECT pruned_through FROM feed_horizon) AS horizon,
       c.seq, c.key, c.value, c.status, c.ts, c.node, c.kind
     FROM (VALUES (1)) AS one (x)
     LEFT JOIN LATERAL (
       SELECT seq, key, value, status, ts, node, kind FROM point_changes
       WHERE seq > $1 ORDER BY seq LIMIT $2) c ON true
     ORDER BY c.seq`,
    [after, limit],
  );
  const horizon = Number(rows[0]?.horizon ?? 0);
  const changes = rows.filter((r) => r.seq != null).map((r) => changeOfRow(r as ChangeRow));
  return { horizon, changes };
}
