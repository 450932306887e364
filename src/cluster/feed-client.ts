// The follower's own connection to PostgreSQL (outside the pool, since it LISTENs): its settings taken from the
// pool's, and a close that cannot hang on a connection that went silent (a network cut without a reset), where
// the polite end would wait for an answer that never comes.

import pg from 'pg';
import type { PgDatabase } from '../store/postgres/pg-database.js';

/** How long a polite end may wait for the server before the socket is destroyed, ms. */
const END_WAIT_MS = 1000;

/** A new (unconnected) client to the database of `db`, named for `node`, each query bounded by `readTimeoutMs`. */
export function feedClient(db: PgDatabase, node: string, readTimeoutMs: number): pg.Client {
  const pool = db.pool.options;
  return new pg.Client({
    ...(pool.connectionString === undefined ? {} : { connectionString: pool.connectionString }),
    ...(pool.ssl === undefined ? {} : { ssl: pool.ssl }),
    connectionTimeoutMillis: pool.connectionTimeoutMillis ?? 5000,
    keepAlive: true,
    query_timeout: readTimeoutMs,
    application_name: `pointyard-feed:${node}`,
    // Short reads of a few rows: JIT compiling them would cost more than running them.
    options: '-c jit=off',
  });
}

/** Ends `client`; destroys its socket when the server does not answer in time. Never rejects. */
export async function closeClient(client: pg.Client): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const ended = client.end().then(
    () => true,
    () => true,
  );
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), END_WAIT_MS);
    timer.unref();
  });
  if (!(await Promise.race([ended, late]))) {
    // The driver keeps its socket on `connection.stream`; destroying it ends the client at once.
    (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
    await ended;
  }
  clearTimeout(timer);
}
