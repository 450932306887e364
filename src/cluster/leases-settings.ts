// The settings of a heartbeat's transaction, set in one round trip (a heartbeat's length is its round trips
// when the database is busy, and the failover bound is a heartbeat's length after a lease expires):
// - statement_timeout = ttl: a heartbeat stuck behind a lock is of no use after a ttl;
// - idle_in_transaction_session_timeout = the safety margin: a heartbeat whose node went silent mid-way is
//   ended by the server before its leases expire, so that its row locks never hold the others' claims back;
// - synchronous_commit = off: its COMMIT does not wait for the disk (under write load, the flush queued
//   behind the other commits' flushes made a heartbeat, and so a takeover, late by up to a second). Visibility
//   is unchanged: the others see the commit at once. What a crash of the database could lose is the last
//   heartbeat (at most a few hundred ms of WAL): a lost renewal or claim leaves the database's lease older than
//   this node believes, and every commit for a device is fenced against the database's lease (fencing.ts), so
//   this node's commits are refused and its next heartbeat finds the lease gone; a lost release only keeps
//   the lease until it expires. Nothing committed for a device depends on it.

/** `set_config` of the three settings, local to the transaction, as one statement. */
export function heartbeatSettings(ttlMs: number, safetyMarginMs: number): string {
  const ms = (n: number) => `'${Math.max(1, Math.round(n))}'`;
  return `SELECT set_config('statement_timeout', ${ms(ttlMs)}, true),
                 set_config('idle_in_transaction_session_timeout', ${ms(safetyMarginMs)}, true),
                 set_config('synchronous_commit', 'off', true)`;
}
