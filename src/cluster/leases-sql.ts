// The statements on `device_leases` a heartbeat runs, each inside the heartbeat's transaction. Rows a node
// updates are locked first in device order (as fenceCheck locks them). Renewals and releases lock them FOR NO
// KEY UPDATE, which a commit's fence check (FOR KEY SHARE) does not hold back: a heartbeat never waits for the
// commits in flight. Claims lock FOR UPDATE SKIP LOCKED: they skip rows locked by anyone (a commit's fence
// check, another node's heartbeat), so that a claim never overtakes a commit that passed its check.

import type pg from 'pg';
import { ROLE_PREFIX } from './role-keys.js';

/** `ttlMs` after the database's clock now. */
const EXPIRY = "clock_timestamp() + $2 * interval '1 millisecond'";

/** Inserts a free lease for each device of the site that has none. */
export async function insertDevices(client: pg.ClientBase, devices: readonly string[]): Promise<void> {
  await client.query(
    `INSERT INTO device_leases (device) SELECT unnest($1::text[]) ORDER BY 1 ON CONFLICT (device) DO NOTHING`,
    [devices],
  );
}

/**
 * Renews the leases `node` holds with these tokens and that have not expired; the devices renewed (any other
 * of them is lost: taken, expired or released by the database's clock), each with the node that asks for it
 * (null: none).
 */
export async function renewLeases(
  client: pg.ClientBase,
  node: string,
  ttlMs: number,
  tokens: ReadonlyMap<string, number>,
): Promise<Map<string, string | null>> {
  if (tokens.size === 0) return new Map();
  const devices = [...tokens.keys()].sort();
  const rows = (
    await client.query<{ device: string; wanted_by: string | null }>(
      `WITH locked AS (
         SELECT l.device FROM device_leases l
           JOIN unnest($3::text[], $4::bigint[]) AS m(device, token) ON m.device = l.device AND m.token = l.token
          WHERE l.node = $1 ORDER BY l.device FOR NO KEY UPDATE OF l)
       UPDATE device_leases SET expires_at = ${EXPIRY}
        WHERE device IN (SELECT device FROM locked) AND expires_at > clock_timestamp()
       RETURNING device, wanted_by`,
      [node, ttlMs, devices, devices.map((d) => tokens.get(d))],
    )
  ).rows;
  return new Map(rows.map((r) => [r.device, r.wanted_by]));
}

/**
 * Records that `node` asks for exactly `wanted` among the devices (a device it no longer asks for is left to
 * whoever holds it); rows locked in device order.
 */
export async function setWanted(
  client: pg.ClientBase,
  node: string,
  wanted: readonly string[],
): Promise<void> {
  await client.query(
    `WITH locked AS (
       SELECT device FROM device_leases
        WHERE (device = ANY($2::text[]) AND wanted_by IS DISTINCT FROM $1)
           OR (wanted_by = $1 AND NOT device = ANY($2::text[]))
        ORDER BY device FOR NO KEY UPDATE)
     UPDATE device_leases l SET wanted_by = CASE WHEN l.device = ANY($2::text[]) THEN $1 END
       FROM locked WHERE l.device = locked.device`,
    [node, [...wanted].sort()],
  );
}

/** Releases leases of `node` (they expire now, so that any node may claim them at once). */
export async function releaseLeases(
  client: pg.ClientBase,
  node: string,
  tokens: ReadonlyMap<string, number>,
): Promise<void> {
  if (tokens.size === 0) return;
  const devices = [...tokens.keys()].sort();
  await client.query(
    `WITH locked AS (
       SELECT l.device FROM device_leases l
         JOIN unnest($2::text[], $3::bigint[]) AS m(device, token) ON m.device = l.device AND m.token = l.token
        WHERE l.node = $1 ORDER BY l.device FOR NO KEY UPDATE OF l)
     UPDATE device_leases SET expires_at = LEAST(expires_at, clock_timestamp())
      WHERE device IN (SELECT device FROM locked)`,
    [node, devices, devices.map((d) => tokens.get(d))],
  );
}

/** Unexpired leases per node (every node holding one): devices and roles (`@role:…` keys) apart. */
export async function heldPerNode(
  client: pg.ClientBase,
): Promise<{ devices: Map<string, number>; roles: Map<string, number> }> {
  const rows = (
    await client.query<{ node: string; role: boolean; held: string }>(
      `SELECT node, starts_with(device, '${ROLE_PREFIX}') AS role, count(*)::text AS held FROM device_leases
        WHERE node IS NOT NULL AND expires_at > clock_timestamp() GROUP BY 1, 2`,
    )
  ).rows;
  const devices = new Map<string, number>();
  const roles = new Map<string, number>();
  for (const r of rows) (r.role ? roles : devices).set(r.node, Number(r.held));
  return { devices, roles };
}

/**
 * Claims up to `count` free (or expired) leases among `devices` for `node`, skipping rows locked by anyone and
 * those another live node asks for: each gets the next token. Device → its new token.
 */
export async function claimLeases(
  client: pg.ClientBase,
  node: string,
  ttlMs: number,
  devices: readonly string[],
  count: number,
): Promise<Map<string, number>> {
  if (count <= 0 || devices.length === 0) return new Map();
  const rows = (
    await client.query<{ device: string; token: string }>(
      `WITH free AS (
         SELECT device FROM device_leases
          WHERE device = ANY($3::text[]) AND expires_at <= clock_timestamp()
            AND (wanted_by IS NULL OR wanted_by = $1 OR NOT EXISTS (
                  SELECT 1 FROM cluster_nodes n
                   WHERE n.name = device_leases.wanted_by AND NOT n.stopped AND NOT n.draining
                     AND n.heartbeat_at > clock_timestamp() - $2 * interval '1 millisecond'))
          ORDER BY device LIMIT $4 FOR UPDATE SKIP LOCKED)
       UPDATE device_leases l
          SET node = $1, token = l.token + 1, acquired_at = clock_timestamp(), expires_at = ${EXPIRY}
         FROM free WHERE l.device = free.device
       RETURNING l.device, l.token::text AS token`,
      [node, ttlMs, devices, count],
    )
  ).rows;
  return new Map(rows.map((r) => [r.device, Number(r.token)]));
}

/**
 * Milliseconds until the first unexpired lease held by a node whose heartbeat is older than `staleMs` expires
 * (a node that may have died: claiming right at that moment shortens a failover), or null when none.
 */
export async function nextStaleExpiry(client: pg.ClientBase, staleMs: number): Promise<number | null> {
  const rows = (
    await client.query<{ left: string | null }>(
      `SELECT (extract(epoch FROM min(l.expires_at) - clock_timestamp()) * 1000)::text AS left
         FROM device_leases l JOIN cluster_nodes n ON n.name = l.node
        WHERE l.expires_at > clock_timestamp()
          AND (n.stopped OR n.heartbeat_at < clock_timestamp() - $1 * interval '1 millisecond')`,
      [staleMs],
    )
  ).rows;
  const left = rows[0]?.left;
  return left === null || left === undefined ? null : Number(left);
}

/** Releases every unexpired lease `node` holds (a graceful stop). */
export async function releaseAllLeases(client: pg.ClientBase, node: string): Promise<void> {
  await client.query(
    `WITH locked AS (
       SELECT device FROM device_leases WHERE node = $1 AND expires_at > clock_timestamp()
        ORDER BY device FOR NO KEY UPDATE)
     UPDATE device_leases SET expires_at = LEAST(expires_at, clock_timestamp())
      WHERE device IN (SELECT device FROM locked)`,
    [node],
  );
}

/** Which of `keys` are free now (expired or never claimed), sorted. */
export async function freeLeases(client: pg.ClientBase, keys: readonly string[]): Promise<string[]> {
  if (keys.length === 0) return [];
  const rows = (
    await client.query<{ device: string }>(
      `SELECT device FROM device_leases
        WHERE device = ANY($1::text[]) AND expires_at <= clock_timestamp() ORDER BY device`,
      [keys],
    )
  ).rows;
  return rows.map((r) => r.device);
}
