// History store figures: ingest and range reads of the chunked, compressed SQLite layout, beside plain
// row-per-sample batched inserts measured in the same run on the same machine.

import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { type Figure, round3 } from './harness.js';

const group = 'History store';
const SERIES = 10_000;
const PER_SERIES = 200;
const T0 = Date.UTC(2026, 0, 5);
const DAY_SAMPLES = 86_400;

/** A realistic sensor value: a slow wave with a little noise, rounded like a device would. */
const valueAt = (series: number, i: number) =>
  Math.round((20 + 5 * Math.sin((i + series) / 300) + ((i * 7919) % 13) / 100) * 100) / 100;

async function chunked(dir: string): Promise<{ ingest: number; readMs: number; bytes: number }> {
  const store = new SqliteStore(dir);
  const t = performance.now();
  for (let i = 0; i < PER_SERIES; i++) {
    const ts = T0 + i * 1000;
    for (let s = 0; s < SERIES; s++) store.history.append(`dev-${s}.temp`, ts, valueAt(s, i));
  }
  await store.history.flush();
  const ingest = (SERIES * PER_SERIES) / ((performance.now() - t) / 1000);
  for (let i = 0; i < DAY_SAMPLES; i++) store.history.append('day.temp', T0 + i * 1000, valueAt(0, i));
  await store.history.flush();
  await store.close();
  const reopened = new SqliteStore(dir);
  const r = performance.now();
  const samples = await reopened.history.read('day.temp', T0, T0 + 86_400_000);
  const readMs = performance.now() - r;
  if (samples.length !== DAY_SAMPLES) throw new Error(`read ${samples.length} samples`);
  await reopened.close();
  return { ingest, readMs, bytes: statSync(join(dir, 'history.db')).size };
}

function rows(dir: string): { ingest: number; readMs: number; bytes: number } {
  const db = new Database(join(dir, 'rows.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(
    'CREATE TABLE samples (series INTEGER NOT NULL, t INTEGER NOT NULL, v REAL NOT NULL, PRIMARY KEY (series, t)) WITHOUT ROWID',
  );
  const insert = db.prepare('INSERT INTO samples (series, t, v) VALUES (?, ?, ?)');
  const batch = db.transaction((i: number) => {
    const ts = T0 + i * 1000;
    for (let s = 0; s < SERIES; s++) insert.run(s, ts, valueAt(s, i));
  });
  const t = performance.now();
  for (let i = 0; i < PER_SERIES; i++) batch(i);
  const ingest = (SERIES * PER_SERIES) / ((performance.now() - t) / 1000);
  db.transaction(() => {
    for (let i = 0; i < DAY_SAMPLES; i++) insert.run(SERIES, T0 + i * 1000, valueAt(0, i));
  })();
  const r = performance.now();
  const got = db
    .prepare('SELECT t, v FROM samples WHERE series = ? AND t >= ? AND t < ? ORDER BY t')
    .all(SERIES, T0, T0 + 86_400_000);
  const readMs = performance.now() - r;
  if (got.length !== DAY_SAMPLES) throw new Error(`read ${got.length} rows`);
  db.close();
  return { ingest, readMs, bytes: statSync(join(dir, 'rows.db')).size };
}

export async function historyBench(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pointyard-bench-history-'));
  try {
    const c = await chunked(dir);
    const r = rows(dir);
    const total = SERIES * PER_SERIES + DAY_SAMPLES;
    return [
      {
        group,
        name: 'ingest, compressed chunks',
        value: round3(c.ingest),
        unit: 'samples/s',
        note: `${SERIES} series × ${PER_SERIES} samples, flushed to disk`,
      },
      {
        group,
        name: 'ingest, row per sample (baseline)',
        value: round3(r.ingest),
        unit: 'samples/s',
        note: 'batched inserts, 10,000 rows a transaction',
      },
      {
        group,
        name: 'read one day at 1 s, compressed chunks',
        value: round3(c.readMs),
        unit: 'ms',
        note: `${DAY_SAMPLES} samples`,
      },
      {
        group,
        name: 'read one day at 1 s, row per sample (baseline)',
        value: round3(r.readMs),
        unit: 'ms',
        note: `${DAY_SAMPLES} rows`,
      },
      { group, name: 'disk per sample, compressed chunks', value: round3(c.bytes / total), unit: 'bytes' },
      {
        group,
        name: 'disk per sample, row per sample (baseline)',
        value: round3(r.bytes / total),
        unit: 'bytes',
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
