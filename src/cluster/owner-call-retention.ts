// Retention of the owner calls: a call's row is kept some minutes past its deadline (for a person looking into
// what ran), then deleted in bounded batches. Any node may run it; several at once only share the work.

import type { PgDatabase } from '../store/postgres/pg-database.js';

/** How long a call is kept past its deadline, ms of the database's clock. */
export const OWNER_CALL_KEEP_MS = 10 * 60_000;
const BATCH = 5000;
const MAX_BATCHES = 20;

/** Deletes the calls past their deadline by more than `keepMs`, at most 100,000; the count deleted. */
export async function pruneOwnerCalls(db: PgDatabase, keepMs = OWNER_CALL_KEEP_MS): Promise<number> {
  let total = 0;
  for (let i = 0; i < MAX_BATCHES; i++) {
    const { rowCount } = await db.query(
      `DELETE FROM owner_calls WHERE id IN (
         SELECT id FROM owner_calls WHERE deadline < clock_timestamp() - $1 * interval '1 millisecond'
          ORDER BY deadline LIMIT ${BATCH})`,
      [keepMs],
      true,
    );
    total += rowCount ?? 0;
    if ((rowCount ?? 0) < BATCH) break;
  }
  return total;
}
