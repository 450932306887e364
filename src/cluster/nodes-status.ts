// The cluster as the database sees it, for a status page or a command: every node (heartbeat age by the
// database's clock, live or not, draining, stopped, the devices it holds) and every device (its holder, token,
// time left), and every node-wide role (role-keys.ts) apart from the devices, with its holder. Read-only; any node (or a tool that is no node) may read it.

import type pg from 'pg';
import { explainPgError, type PgDatabase } from '../store/postgres/pg-database.js';
import { isRoleKey, roleOfKey } from './role-keys.js';

export interface NodeStatus {
  name: string;
  incarnation: number;
  /** Milliseconds since its last heartbeat, by the database's clock. */
  heartbeatAgeMs: number;
  /** Not stopped, not draining and heartbeat within the ttl. */
  live: boolean;
  draining: boolean;
  stopped: boolean;
  /** The devices whose lease it holds now (unexpired), sorted. */
  devices: string[];
  /** The roles it plays now (unexpired), sorted. */
  roles: string[];
}

export interface DeviceLeaseStatus {
  device: string;
  /** The node holding its lease now, or null when the lease is free (expired or never claimed). */
  owner: string | null;
  /** The fencing token of the last claim (0: never claimed). */
  token: number;
  /** Milliseconds until the lease expires (null when free). */
  expiresInMs: number | null;
}

/** A node-wide role's lease: the same fields, `role` for `device`. */
export interface RoleLeaseStatus extends Omit<DeviceLeaseStatus, 'device'> {
  role: string;
}

export interface ClusterStatus {
  nodes: NodeStatus[];
  devices: DeviceLeaseStatus[];
  roles: RoleLeaseStatus[];
}

/**
 * Reads the status in one snapshot (one read-only transaction, which leaves the store's health alone: it
 * follows writes); `ttlMs` decides which nodes are live.
 */
export async function readClusterStatus(db: PgDatabase, ttlMs: number): Promise<ClusterStatus> {
  let client: pg.PoolClient;
  try {
    client = await db.pool.connect();
  } catch (err) {
    throw explainPgError(err, db.where);
  }
  let broken = false;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const nodes = (
      await client.query<{
        name: string;
        incarnation: string;
        age: string;
        draining: boolean;
        stopped: boolean;
      }>(
        `SELECT name, incarnation::text AS incarnation, draining, stopped,
                (extract(epoch FROM clock_timestamp() - heartbeat_at) * 1000)::text AS age
           FROM cluster_nodes ORDER BY name`,
      )
    ).rows;
    const leases = (
      await client.query<{ device: string; owner: string | null; token: string; left: string | null }>(
        `SELECT device, token::text AS token,
                CASE WHEN expires_at > clock_timestamp() THEN node END AS owner,
                CASE WHEN expires_at > clock_timestamp()
                     THEN (extract(epoch FROM expires_at - clock_timestamp()) * 1000)::text END AS left
           FROM device_leases ORDER BY device`,
      )
    ).rows;
    const all: DeviceLeaseStatus[] = leases.map((l) => ({
      device: l.device,
      owner: l.owner,
      token: Number(l.token),
      expiresInMs: l.left === null ? null : Math.round(Number(l.left)),
    }));
    const devices = all.filter((l) => !isRoleKey(l.device));
    const roles: RoleLeaseStatus[] = all
      .filter((l) => isRoleKey(l.device))
      .map(({ device, ...lease }) => ({ role: roleOfKey(device), ...lease }));
    return {
      nodes: nodes.map((n) => {
        const heartbeatAgeMs = Math.round(Number(n.age));
        return {
          name: n.name,
          incarnation: Number(n.incarnation),
          heartbeatAgeMs,
          live: !n.stopped && !n.draining && heartbeatAgeMs < ttlMs,
          draining: n.draining,
          stopped: n.stopped,
          devices: devices.filter((d) => d.owner === n.name).map((d) => d.device),
          roles: roles.filter((r) => r.owner === n.name).map((r) => r.role),
        };
      }),
      devices,
      roles,
    };
  } catch (err) {
    broken = true;
    throw explainPgError(err, db.where);
  } finally {
    if (!broken)
      await client.query('COMMIT').catch(() => {
        broken = true;
      });
    client.release(broken);
  }
}
