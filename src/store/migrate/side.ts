// One end of a migration, whatever its engine: the source is read table by table in batches, the destination
// written the same way inside its own transaction, so that neither holds a whole table in memory and a copy
// that fails leaves the destination as empty as it was.

import type { TableSpec } from './tables.js';

/** How much a table holds: its rows, and the samples in them (history) or null. */
export interface TableCount {
  rows: number;
  samples: number | null;
}

export interface MigrationSide {
  /** Where it is, for a person (a URL without its password, or a folder). */
  readonly where: string;
  count(spec: TableSpec): Promise<TableCount>;
  /** The table's rows in the order of `spec.order`, `size` at a time, as arrays in the order of `spec.columns`. */
  read(spec: TableSpec, size: number): AsyncIterable<unknown[][]>;
  /** The highest number the table's identity has handed out (rows deleted since included when known), or 0. */
  highWater(spec: TableSpec): Promise<number>;
  /** Starts the transaction: a snapshot to read the source in, or the one that writes the destination. */
  begin(mode: 'read' | 'write'): Promise<void>;
  insert(spec: TableSpec, rows: unknown[][]): Promise<void>;
  /** Makes the table's identity hand out numbers above `past` from now on. */
  moveIdentity(spec: TableSpec, past: number): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  close(): Promise<void>;
}
