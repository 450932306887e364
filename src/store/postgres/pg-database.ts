// One PostgreSQL database as the engine's concerns use it: a bounded pool of connections, queries and
// transactions whose failures become StoreErrors a person can act on, and the store's health kept true to
// them (a database that cannot be reached or refuses to write is failing until a later write commits).

import pg from 'pg';
import { StoreError } from '../store-error.js';
import type { StoreHealth } from '../store-health.js';

export interface PgPoolOptions {
  /** Connections at most (default 10). */
  max?: number;
  /** How long a call waits for a connection before it fails, ms (default 5000). */
  connectTimeoutMs?: number;
  /**
   * How long one statement may go unanswered before it fails and its connection is discarded, ms (default
   * 10,000): a network cut without a reset leaves a connection silent, and a write waiting on it must be
   * refused in a bounded time rather than never answered.
   */
  queryTimeoutMs?: number;
}

/** The driver's own error for a statement that went unanswered past `query_timeout`. */
const QUERY_TIMEOUT = /Query read timeout/;

/** SQLSTATE classes and codes that say the database could not do the work (not that the request was wrong). */
function unavailable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string')
    // The driver's own words for a connection that timed out, ended or was closed under a query.
    return err instanceof Error && /timeout|terminated|Connection|not queryable/i.test(err.message);
  return (
    /^(08|53|57|58|XX)/.test(code) || // connection, resources (disk full), operator intervention, system, internal
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE'].includes(code)
  );
}

/** The URL without its password, to name the database in messages. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the PostgreSQL database';
  }
}

/** Explains an error of the driver or the server for the database `where`. */
export function explainPgError(err: unknown, where: string): StoreError {
  if (err instanceof StoreError) return err;
  const code = (err as { code?: string }).code ?? '';
  const text = (err as Error).message ?? String(err);
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === '57P03')
    return new StoreError(`cannot reach the database ${where}: ${text}`, err);
  if (code === '28P01' || code === '28000')
    return new StoreError(
      `the database ${where} refused the login: ${text} (check the user and password)`,
      err,
    );
  if (code === '3D000') return new StoreError(`the database ${where} does not exist: ${text}`, err);
  if (code === '53100') return new StoreError(`the disk of the database ${where} is full: ${text}`, err);
  if (unavailable(err)) return new StoreError(`lost the database ${where}: ${text}`, err);
  return new StoreError(`store failure in ${where}: ${text}`, err);
}

export class PgDatabase {
  readonly pool: pg.Pool;
  /** The database as messages name it (the URL without its password). */
  readonly where: string;

  constructor(
    url: string,
    /** The store's health, kept true to this database's calls. */
    readonly health: StoreHealth,
    /** The name the store's health gives this database. */
    readonly name = 'postgres',
    options: PgPoolOptions & { ssl?: pg.ConnectionConfig['ssl'] } = {},
  ) {
    this.where = redactedUrl(url);
    this.pool = new pg.Pool({
      connectionString: url,
      max: options.max ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      query_timeout: options.queryTimeoutMs ?? 10_000,
      idleTimeoutMillis: 30_000,
      keepAlive: true,
      ...(options.ssl === undefined ? {} : { ssl: options.ssl }),
    });
    // An idle connection the server dropped (a restart, a network cut): the pool replaces it at the next call.
    this.pool.on('error', (err) => this.health.failed(this.name, explainPgError(err, this.where).message));
    // A connection dropped while checked out emits 'error' besides failing its query (which the caller sees):
    // without a listener that would be an uncaught exception.
    this.pool.on('connect', (client) => client.on('error', () => {}));
  }

  /** Runs `work`, keeping the health true to its outcome; a write that succeeds marks the database healthy. */
  private async guard<T>(work: () => Promise<T>, writes: boolean): Promise<T> {
    try {
      const result = await work();
      if (writes) this.health.wrote(this.name);
      return result;
    } catch (err) {
      const explained = explainPgError(err, this.where);
      if (unavailable(err) || unavailable(explained.cause)) this.health.failed(this.name, explained.message);
      throw explained;
    }
  }

  /** One statement; `writes` when it changes data (its success then says the database writes). */
  query<R extends pg.QueryResultRow = Record<string, unknown>>(
    text: string,
    values: unknown[] = [],
    writes = false,
  ): Promise<pg.QueryResult<R>> {
    return this.guard(() => this.pool.query<R>(text, values), writes);
  }

  /** Runs `work` in one transaction on one connection: committed when the promise resolves, rolled back if not. */
  transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.guard(async () => {
      const client = await this.begin();
      let broken = false;
      // A connection lost while checked out also emits 'error' on its client: without a listener that would
      // be an uncaught exception; the statement under way rejects with it, which is what reports it.
      const lost = () => {
        broken = true;
      };
      client.on('error', lost);
      try {
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        broken = unavailable(err);
        // A connection gone silent would keep a ROLLBACK waiting as long again: it is discarded instead (the
        // server ends the transaction with the session).
        if (!(err instanceof Error && QUERY_TIMEOUT.test(err.message)))
          await client.query('ROLLBACK').catch(() => {
            broken = true;
          });
        throw err;
      } finally {
        client.off('error', lost);
        client.release(broken);
      }
    }, true);
  }

  /**
   * A connection of the pool with a transaction begun. An idle connection the server dropped while nobody
   * watched (a restart) fails at its BEGIN, before anything is done: it is discarded and the BEGIN tried again
   * on another (at most once per connection the pool may hold, and once more on a new one), so that the first
   * transaction after the database is back is not refused for the pool's dropped connections. A BEGIN that goes
   * unanswered as long as a connection may take to open (a network cut without a reset) is not tried again:
   * the database cannot be reached, and the caller is told so within that time rather than after each
   * connection of the pool timed out in turn.
   */
  private async begin(): Promise<pg.PoolClient> {
    const attempts = (this.pool.options.max ?? 10) + 1;
    const beginTimeoutMs = this.pool.options.connectionTimeoutMillis ?? 5000;
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      try {
        // The driver honours a per-query `query_timeout`; its types do not list it.
        await client.query({ text: 'BEGIN', query_timeout: beginTimeoutMs } as pg.QueryConfig);
        return client;
      } catch (err) {
        client.release(true);
        const silent = err instanceof Error && QUERY_TIMEOUT.test(err.message);
        if (attempt >= attempts || silent || !unavailable(err)) throw err;
      }
    }
  }

  /** Closes every connection. */
  close(): Promise<void> {
    return this.pool.end();
  }
}
