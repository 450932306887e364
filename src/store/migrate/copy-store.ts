// `pointyard store migrate`: copies every table of one store into an empty other (SQLite data folder or
// PostgreSQL database, either way), in batches so that memory stays bounded, in one transaction on the
// destination (a copy that fails leaves it empty), then compares the counts of both.

import { StoreError } from '../store-error.js';
import { type CountLine, countAll, countLines, nonEmpty } from './count-check.js';
import { heldData } from './destination-check.js';
import {
  describeEndpoint,
  type Endpoint,
  type OpenedEndpoint,
  openEndpoint,
  sameEndpoint,
} from './endpoint.js';
import type { MigrationSide } from './side.js';
import { batchSize, TABLES, type TableSpec } from './tables.js';

/** Told how the copy goes, table by table. */
export interface MigrateProgress {
  /** A table starts: `total` rows to copy. */
  start(spec: TableSpec, total: number): void;
  /** `done` rows of the table copied so far. */
  copied(spec: TableSpec, done: number, total: number): void;
  /** The table is copied. */
  finish(spec: TableSpec): void;
}

/** Copies `from` into `to`, which must be empty; the count check's lines (the caller says whether they match). */
export async function migrateStore(
  from: Endpoint,
  to: Endpoint,
  progress: MigrateProgress,
): Promise<CountLine[]> {
  if (sameEndpoint(from, to)) throw new StoreError('the source and the destination are the same');
  const source = await openEndpoint(from, 'source');
  let destination: OpenedEndpoint | null = null;
  try {
    const held = await heldData(to);
    if (held.length > 0) throw holdsData(to, held);
    destination = await openEndpoint(to, 'destination');
    return await copy(source, destination, describeEndpoint(to), progress);
  } finally {
    await destination?.close();
    await source.close();
  }
}

const holdsData = (where: Endpoint | string, held: string[]) =>
  new StoreError(
    `the destination already has data: ${typeof where === 'string' ? where : describeEndpoint(where)} holds ${held.join(', ')}; migrate into an empty database (nothing was changed)`,
  );

async function copy(
  source: OpenedEndpoint,
  destination: OpenedEndpoint,
  where: string,
  progress: MigrateProgress,
): Promise<CountLine[]> {
  const from = source.side;
  const to = destination.side;
  // Checked again under the lock: a server could have started on the folder since.
  const held = nonEmpty(await countAll(to));
  if (held.length > 0) throw holdsData(where, held);
  await from.begin('read');
  try {
    const sourceCounts = await countAll(from);
    await to.begin('write');
    try {
      for (const spec of TABLES) await copyTable(spec, from, to, sourceCounts.get(spec)?.rows ?? 0, progress);
      await to.commit();
    } catch (err) {
      await to.rollback();
      throw err;
    }
    return countLines(sourceCounts, await countAll(to));
  } finally {
    await from.rollback();
  }
}

async function copyTable(
  spec: TableSpec,
  from: MigrationSide,
  to: MigrationSide,
  total: number,
  progress: MigrateProgress,
): Promise<void> {
  progress.start(spec, total);
  let done = 0;
  for await (const rows of from.read(spec, batchSize(spec))) {
    await to.insert(spec, rows);
    done += rows.length;
    progress.copied(spec, done, total);
  }
  await to.moveIdentity(spec, await from.highWater(spec));
  progress.finish(spec);
}
