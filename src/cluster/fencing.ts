// Fencing in the database: a commit made for devices calls `fenceCheck` inside its own transaction. It locks
// the devices' lease rows FOR KEY SHARE and refuses (FencedError) unless this node holds every one with the
// token it was granted and the lease has not expired by the database's clock. Another node's claim locks those
// rows FOR UPDATE, which that lock holds back (a claim skips them until the commit ends): a commit that passed
// the check lands before any takeover, and once another node holds a lease no commit of the old holder can
// pass the check again. A renewal or a release (FOR NO KEY UPDATE, leases-sql.ts) does not wait for commits:
// under write load a heartbeat queued behind every commit in flight made takeovers late.

import type pg from 'pg';
import { StoreError } from '../store/store-error.js';

/** A commit refused because this node no longer holds (or never held) the lease of a device. */
export class FencedError extends StoreError {
  constructor(
    message: string,
    /** The device whose lease refused the commit. */
    readonly device: string,
    /** The node that tried to commit. */
    readonly node: string,
  ) {
    super(message);
    this.name = 'FencedError';
  }
}

/** Who commits: a node and the tokens of the leases it believes it holds. */
export interface LeaseHolder {
  node: string;
  /** Device → the fencing token this node was granted for it. */
  tokens: ReadonlyMap<string, number>;
}

export interface FenceOptions {
  /**
   * The server ends the caller's transaction if it sits idle longer than this, ms (its node cut off mid-way),
   * releasing the lease rows it locked; unset, the transaction's session setting applies.
   */
  idleTimeoutMs?: number;
}

interface LeaseRow {
  device: string;
  node: string | null;
  token: string;
  valid: boolean;
}

/**
 * Inside the caller's transaction on `client`: locks the lease rows of `devices` FOR KEY SHARE in one statement
 * (in device order, as the heartbeats lock them, so that a commit and a claim never wait for each other in a
 * cycle) and returns, by device in that order, why `holder` may not commit for it: not holding it with its
 * token, or the lease expired by the database's clock. Empty: every device may be committed for.
 */
export async function leaseRefusals(
  client: pg.ClientBase,
  holder: LeaseHolder,
  devices: readonly string[],
  options: FenceOptions = {},
): Promise<Map<string, FencedError>> {
  const refusals = new Map<string, FencedError>();
  const wanted = [...new Set(devices)].sort();
  if (wanted.length === 0) return refusals;
  if (options.idleTimeoutMs !== undefined)
    await client.query(
      `SET LOCAL idle_in_transaction_session_timeout = ${Math.max(1, Math.round(options.idleTimeoutMs))}`,
    );
  const rows = (
    await client.query<LeaseRow>(
      `SELECT device, node, token::text AS token, expires_at > clock_timestamp() AS valid
         FROM device_leases WHERE device = ANY($1::text[]) ORDER BY device FOR KEY SHARE`,
      [wanted],
    )
  ).rows;
  const byDevice = new Map(rows.map((r) => [r.device, r]));
  const me = holder.node;
  for (const device of wanted) {
    const why = refusal(byDevice.get(device), holder.tokens.get(device), me);
    if (why !== null)
      refusals.set(
        device,
        new FencedError(`node ${me} may not commit for device ${device}: ${why}`, device, me),
      );
  }
  return refusals;
}

/** Why a node may not commit for a device whose lease row is `row` and of which it holds token `mine`, or null. */
function refusal(row: LeaseRow | undefined, mine: number | undefined, me: string): string | null {
  if (row === undefined) return 'the device has no lease (not in the site file)';
  if (mine === undefined) return 'this node holds no lease of it';
  if (row.node !== me) return `node ${row.node ?? '(none)'} holds its lease now (token ${row.token})`;
  if (Number(row.token) !== mine)
    return `its lease was claimed again (token ${row.token}, this node holds token ${mine})`;
  if (!row.valid) return `its lease (token ${mine}) has expired`;
  return null;
}

/**
 * Inside the caller's transaction on `client`: locks the lease rows of `devices` (see `leaseRefusals`) and
 * throws a FencedError, the first device's in device order, unless `holder` may commit for every one.
 */
export async function fenceCheck(
  client: pg.ClientBase,
  holder: LeaseHolder,
  devices: readonly string[],
  options: FenceOptions = {},
): Promise<void> {
  const refusals = await leaseRefusals(client, holder, devices, options);
  for (const err of refusals.values()) throw err;
}
