// A PostgreSQL database as one end of a migration, on one connection of its own: the source is read in one
// snapshot (a read-only repeatable-read transaction) through a cursor, a batch per fetch; the destination is
// written in one transaction, a batch per statement (one typed array per column, unnested), identities given
// as they are and their sequences moved past them at the end.

import pg from 'pg';
import { explainPgError, redactedUrl } from '../postgres/pg-database.js';
import type { MigrationSide, TableCount } from './side.js';
import type { TableSpec } from './tables.js';

const quote = (name: string) => `"${name}"`;

export class PgSide implements MigrationSide {
  readonly where: string;
  private readonly client: pg.Client;
  private cursors = 0;

  private constructor(url: string) {
    this.where = redactedUrl(url);
    this.client = new pg.Client({ connectionString: url });
    // A connection lost while idle: its next query fails with the reason, which is what reports it.
    this.client.on('error', () => {});
  }

  /** Connects to the database of `url`, whose schema is up to date (a store opened it). */
  static async connect(url: string): Promise<PgSide> {
    const side = new PgSide(url);
    try {
      await side.client.connect();
    } catch (err) {
      throw explainPgError(err, side.where);
    }
    return side;
  }

  private async query<R extends pg.QueryResultRow>(config: pg.QueryConfig): Promise<pg.QueryResult<R>> {
    try {
      return await this.client.query<R>(config);
    } catch (err) {
      throw explainPgError(err, this.where);
    }
  }

  /** The next `size` rows of the cursor, as arrays. */
  private async fetch(cursor: string, size: number): Promise<unknown[][]> {
    try {
      return (await this.client.query({ text: `FETCH ${size} FROM ${cursor}`, rowMode: 'array' })).rows;
    } catch (err) {
      throw explainPgError(err, this.where);
    }
  }

  /** Whether a Pointyard ever opened the database (its schema versions are there). */
  async hasPointyardSchema(): Promise<boolean> {
    const { rows } = await this.query<{ exists: boolean }>({
      text: "SELECT to_regclass('pointyard_schema') IS NOT NULL AS exists",
    });
    return rows[0]?.exists === true;
  }

  /** The table's rows, 0 when the table does not exist (a database no Pointyard opened yet). */
  async countIfExists(spec: TableSpec): Promise<number> {
    const { rows } = await this.query<{ exists: boolean }>({
      text: 'SELECT to_regclass($1) IS NOT NULL AS exists',
      values: [quote(spec.pg)],
    });
    return rows[0]?.exists ? (await this.count(spec)).rows : 0;
  }

  async count(spec: TableSpec): Promise<TableCount> {
    const table = quote(spec.pg);
    const rows = await this.query<{ n: string }>({ text: `SELECT count(*) AS n FROM ${table}` });
    const samples = spec.samples ? await this.query<{ n: string }>({ text: spec.samples.pg(table) }) : null;
    return {
      rows: Number(rows.rows[0]?.n ?? 0),
      samples: samples ? Number(Object.values(samples.rows[0] ?? {})[0] ?? 0) : null,
    };
  }

  async *read(spec: TableSpec, size: number): AsyncIterable<unknown[][]> {
    const cursor = `migrate_${++this.cursors}`;
    const names = spec.columns.map((c) => quote(c.pg)).join(', ');
    const order = spec.order.map((i) => quote(spec.columns[i]?.pg as string)).join(', ');
    await this.query({
      text: `DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT ${names} FROM ${quote(spec.pg)} ORDER BY ${order}`,
    });
    try {
      for (;;) {
        const rows = await this.fetch(cursor, size);
        if (rows.length === 0) return;
        for (const row of rows)
          spec.columns.forEach((c, i) => {
            // The driver gives bigints as strings; every id here is far below 2^53.
            if (c.type === 'int8' && row[i] !== null) row[i] = Number(row[i]);
          });
        yield rows;
      }
    } finally {
      // After a failed fetch the transaction is aborted and refuses this too: the fetch's error is the one told.
      await this.client.query(`CLOSE ${cursor}`).catch(() => {});
    }
  }

  /** The sequence behind the table's identity column. */
  private async sequence(spec: TableSpec): Promise<string> {
    const column = spec.columns[spec.identity as number]?.pg as string;
    const { rows } = await this.query<{ seq: string }>({
      text: 'SELECT pg_get_serial_sequence($1, $2) AS seq',
      values: [quote(spec.pg), column],
    });
    return rows[0]?.seq as string;
  }

  async highWater(spec: TableSpec): Promise<number> {
    if (spec.identity === undefined) return 0;
    const column = quote(spec.columns[spec.identity]?.pg as string);
    const max = await this.query<{ n: string }>({
      text: `SELECT coalesce(max(${column}), 0) AS n FROM ${quote(spec.pg)}`,
    });
    const seq = await this.query<{ last_value: string; is_called: boolean }>({
      text: `SELECT last_value, is_called FROM ${await this.sequence(spec)}`,
    });
    const handedOut = seq.rows[0]?.is_called ? Number(seq.rows[0].last_value) : 0;
    return Math.max(Number(max.rows[0]?.n ?? 0), handedOut);
  }

  async begin(mode: 'read' | 'write'): Promise<void> {
    await this.query({
      text: mode === 'read' ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN',
    });
  }

  async insert(spec: TableSpec, rows: unknown[][]): Promise<void> {
    const names = spec.columns.map((c) => quote(c.pg)).join(', ');
    const arrays = spec.columns.map((_, i) => rows.map((row) => row[i] ?? null));
    const unnest = spec.columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
    const overriding = spec.identity === undefined ? '' : ' OVERRIDING SYSTEM VALUE';
    await this.query({
      text: `INSERT INTO ${quote(spec.pg)} (${names})${overriding} SELECT * FROM unnest(${unnest})`,
      values: arrays,
    });
  }

  async moveIdentity(spec: TableSpec, past: number): Promise<void> {
    if (spec.identity === undefined || past <= 0) return;
    await this.query({ text: 'SELECT setval($1, $2)', values: [await this.sequence(spec), past] });
  }

  async commit(): Promise<void> {
    await this.query({ text: 'COMMIT' });
  }

  async rollback(): Promise<void> {
    await this.client.query('ROLLBACK').catch(() => {});
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => {});
  }
}
