// A SQLite data folder as one end of a migration: its two databases reached directly (pointyard.db and
// history.db), the tables read with a lazy iterator (one row in memory at a time until a batch is full) and
// written with one prepared insert per table, in one transaction per database.

import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { HISTORY_DATABASE, STATE_DATABASE } from '../sqlite/data-folder.js';
import { openDatabase } from '../sqlite/open.js';
import type { MigrationSide, TableCount } from './side.js';
import type { SqliteDatabaseName, TableSpec } from './tables.js';

const quote = (name: string) => `"${name}"`;

export class SqliteSide implements MigrationSide {
  private readonly dbs: Record<SqliteDatabaseName, Database.Database>;
  private readonly inserts = new Map<TableSpec, Database.Statement>();

  /** Opens the databases of `dir`, whose schema is up to date (a store opened it). */
  constructor(readonly where: string) {
    const state = openDatabase(join(where, STATE_DATABASE), 'full');
    let history: Database.Database;
    try {
      history = openDatabase(join(where, HISTORY_DATABASE), 'normal');
    } catch (err) {
      state.close();
      throw err;
    }
    this.dbs = { state, history };
  }

  private db(spec: TableSpec): Database.Database {
    return this.dbs[spec.sqlite.db];
  }

  private sqliteColumns(spec: TableSpec) {
    return spec.columns.filter((c) => c.sqlite !== null);
  }

  async count(spec: TableSpec): Promise<TableCount> {
    const db = this.db(spec);
    const table = quote(spec.sqlite.table);
    const rows = db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    const samples = spec.samples ? Number(db.prepare(spec.samples.sqlite(table)).pluck().get()) : null;
    return { rows, samples };
  }

  async *read(spec: TableSpec, size: number): AsyncIterable<unknown[][]> {
    const names = spec.columns.map((c) => (c.sqlite === null ? 'NULL' : quote(c.sqlite)));
    const order = spec.order.map((i) => quote(spec.columns[i]?.sqlite ?? 'rowid')).join(', ');
    const statement = this.db(spec)
      .prepare(`SELECT ${names.join(', ')} FROM ${quote(spec.sqlite.table)} ORDER BY ${order}`)
      .raw();
    let batch: unknown[][] = [];
    for (const row of statement.iterate() as Iterable<unknown[]>) {
      spec.columns.forEach((c, i) => {
        if (c.sqlite === null) row[i] = c.missing ?? null;
        else if (c.type === 'bool' && row[i] !== null) row[i] = row[i] !== 0;
      });
      batch.push(row);
      if (batch.length >= size) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  async highWater(spec: TableSpec): Promise<number> {
    if (spec.identity === undefined) return 0;
    const db = this.db(spec);
    const column = quote(spec.columns[spec.identity]?.sqlite ?? 'rowid');
    const max = Number(
      db
        .prepare(`SELECT coalesce(max(${column}), 0) FROM ${quote(spec.sqlite.table)}`)
        .pluck()
        .get(),
    );
    if (!spec.neverReused) return max;
    const seq = db.prepare('SELECT seq FROM sqlite_sequence WHERE name = ?').pluck().get(spec.sqlite.table);
    return Math.max(max, Number(seq ?? 0));
  }

  async begin(mode: 'read' | 'write'): Promise<void> {
    for (const db of Object.values(this.dbs)) db.exec(mode === 'read' ? 'BEGIN' : 'BEGIN IMMEDIATE');
  }

  async insert(spec: TableSpec, rows: unknown[][]): Promise<void> {
    let insert = this.inserts.get(spec);
    const columns = this.sqliteColumns(spec);
    if (!insert) {
      const names = columns.map((c) => quote(c.sqlite as string)).join(', ');
      const marks = columns.map(() => '?').join(', ');
      insert = this.db(spec).prepare(`INSERT INTO ${quote(spec.sqlite.table)} (${names}) VALUES (${marks})`);
      this.inserts.set(spec, insert);
    }
    const kept = spec.columns.flatMap((c, i) => (c.sqlite === null ? [] : [{ i, bool: c.type === 'bool' }]));
    for (const row of rows) {
      insert.run(kept.map(({ i, bool }) => (bool && row[i] !== null ? (row[i] ? 1 : 0) : row[i])));
    }
  }

  async moveIdentity(spec: TableSpec, past: number): Promise<void> {
    // Only AUTOINCREMENT tables keep a sequence; the others number from their largest rowid, copied as is.
    if (!spec.neverReused || past <= 0) return;
    const db = this.db(spec);
    const table = spec.sqlite.table;
    const updated = db
      .prepare('UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?')
      .run(past, table).changes;
    if (updated === 0) db.prepare('INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)').run(table, past);
  }

  async commit(): Promise<void> {
    for (const db of Object.values(this.dbs)) if (db.inTransaction) db.exec('COMMIT');
  }

  async rollback(): Promise<void> {
    for (const db of Object.values(this.dbs)) if (db.inTransaction) db.exec('ROLLBACK');
  }

  async close(): Promise<void> {
    for (const db of Object.values(this.dbs)) if (db.open) db.close();
  }
}
