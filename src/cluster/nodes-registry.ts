// The nodes of a cluster as rows of `cluster_nodes`: a node registers at its start (a new incarnation), beats
// its heartbeat in each heartbeat transaction, and marks itself stopped when it stops gracefully. Which nodes
// are live is decided by the database's clock: not stopped, not draining, heartbeat within the ttl.

import type pg from 'pg';

/**
 * Registers `name` (a new incarnation of it: a process started under the same name supersedes the last),
 * with the node-wide roles it may play.
 */
export async function registerNode(
  client: pg.ClientBase,
  name: string,
  roles: readonly string[] = [],
): Promise<number> {
  const rows = (
    await client.query<{ incarnation: string }>(
      `INSERT INTO cluster_nodes (name, incarnation, started_at, heartbeat_at, draining, stopped, roles)
       VALUES ($1, 1, clock_timestamp(), clock_timestamp(), false, false, $2)
       ON CONFLICT (name) DO UPDATE SET incarnation = cluster_nodes.incarnation + 1,
         started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at, draining = false, stopped = false,
         roles = excluded.roles
       RETURNING incarnation::text AS incarnation`,
      [name, roles],
    )
  ).rows;
  return Number(rows[0]?.incarnation);
}

/** Beats the heartbeat of this incarnation; false when another incarnation of the name has started since. */
export async function beatNode(
  client: pg.ClientBase,
  name: string,
  incarnation: number,
  draining: boolean,
): Promise<boolean> {
  const result = await client.query(
    `UPDATE cluster_nodes SET heartbeat_at = clock_timestamp(), draining = $3
      WHERE name = $1 AND incarnation = $2 AND NOT stopped`,
    [name, incarnation, draining],
  );
  return result.rowCount === 1;
}

/**
 * Marks this incarnation stopped (a graceful stop: the others stop counting it at once); false when another
 * incarnation of the name has started since (whose leases this one must then leave alone).
 */
export async function markNodeStopped(
  client: pg.ClientBase,
  name: string,
  incarnation: number,
): Promise<boolean> {
  const result = await client.query(
    'UPDATE cluster_nodes SET stopped = true WHERE name = $1 AND incarnation = $2',
    [name, incarnation],
  );
  return result.rowCount === 1;
}

/** The live nodes now (not stopped, not draining, heartbeat within `ttlMs` by the database's clock). */
export async function liveNodes(client: pg.ClientBase, ttlMs: number): Promise<string[]> {
  const rows = (
    await client.query<{ name: string }>(
      `SELECT name FROM cluster_nodes
        WHERE NOT stopped AND NOT draining AND heartbeat_at > clock_timestamp() - $1 * interval '1 millisecond'
        ORDER BY name`,
      [ttlMs],
    )
  ).rows;
  return rows.map((r) => r.name);
}

/** The roles each live node (as `liveNodes` decides) may play. */
export async function livePlayers(client: pg.ClientBase, ttlMs: number): Promise<Map<string, Set<string>>> {
  const rows = (
    await client.query<{ name: string; roles: string[] }>(
      `SELECT name, roles FROM cluster_nodes
        WHERE NOT stopped AND NOT draining AND heartbeat_at > clock_timestamp() - $1 * interval '1 millisecond'
        ORDER BY name`,
      [ttlMs],
    )
  ).rows;
  return new Map(rows.map((r) => [r.name, new Set(r.roles)]));
}
