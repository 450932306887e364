// The receiver's log of alarm reports in PostgreSQL beside SQLite, in the same run: batches of 50 received
// reports (`recordAll`, as the receiver's group commit calls it) committed back to back, each resolving once
// committed. PostgreSQL is a cluster of its own on the loopback with fsync on; SQLite a data folder of its own
// (synchronous FULL). Also two stores (two nodes) on one PostgreSQL database at once.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlarmReportsStore } from '../src/store/alarm-reports.js';
import { PgAlarmReports } from '../src/store/postgres/pg-alarm-reports.js';
import { PgDatabase } from '../src/store/postgres/pg-database.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { StoreHealth } from '../src/store/store-health.js';
import { PostgresCluster } from '../test/support/postgres.js';
import { receivedReport } from './alarm-report-samples.js';
import { type Figure, round3 } from './harness.js';

const group = 'Alarm reports PostgreSQL';
const BATCH = 50;
/** How long each engine takes batches back to back, after a warm-up of a fifth of it. */
const BUDGET_MS = 4000;

/** Reports numbered from `next()`, a batch at a time. */
const batchOf = (next: () => number) => Array.from({ length: BATCH }, () => receivedReport(next()));

type Run = { reportsPerSecond: number; p99Ms: number; batches: number };

/** Each store takes batches back to back for the budget (all at once); the reports/s of all and the p99 per batch. */
async function saturate(stores: AlarmReportsStore[], next: () => number): Promise<Run> {
  const loop = async (store: AlarmReportsStore, until: number, times: number[] | null) => {
    while (performance.now() < until) {
      const batch = batchOf(next);
      const t = performance.now();
      const results = await store.recordAll(batch);
      times?.push(performance.now() - t);
      if (results.some((r) => r.duplicate)) throw new Error('a fresh report taken for a resend');
    }
  };
  await Promise.all(stores.map((s) => loop(s, performance.now() + BUDGET_MS / 5, null)));
  const times: number[] = [];
  const start = performance.now();
  await Promise.all(stores.map((s) => loop(s, start + BUDGET_MS, times)));
  const elapsed = performance.now() - start;
  times.sort((a, b) => a - b);
  return {
    reportsPerSecond: (times.length * BATCH * 1000) / elapsed,
    p99Ms: times[Math.min(times.length - 1, Math.floor(0.99 * times.length))] as number,
    batches: times.length,
  };
}

export async function alarmReportsPostgresBench(): Promise<Figure[]> {
  let n = 0;
  const next = () => n++;
  const figures: Figure[] = [];
  const add = (engine: string, run: Run, note: string) => {
    figures.push(
      { group, name: `recordAll, ${engine}`, value: round3(run.reportsPerSecond), unit: 'reports/s', note },
      {
        group,
        name: `recordAll commit of a batch, ${engine}`,
        value: round3(run.p99Ms),
        unit: 'ms p99',
        note: `${run.batches} batches of ${BATCH}`,
      },
    );
  };

  const dir = mkdtempSync(join(tmpdir(), 'pointyard-bench-alarm-reports-pg-'));
  const sqlite = new SqliteStore(join(dir, 'data'));
  try {
    add(
      'SQLite',
      await saturate([sqlite.alarmReports], next),
      `batches of ${BATCH} back to back, synchronous FULL`,
    );
  } finally {
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  }

  const cluster = await PostgresCluster.start({ fsync: true });
  const databases: PgDatabase[] = [];
  try {
    const url = await cluster.createDatabase('bench_alarm_reports');
    const node = async () => {
      const db = new PgDatabase(url, new StoreHealth());
      databases.push(db);
      return PgAlarmReports.open(db);
    };
    const one = await node();
    const note = `batches of ${BATCH} back to back, own cluster on the loopback, fsync on`;
    add('PostgreSQL', await saturate([one], next), note);
    add(
      'PostgreSQL, two nodes at once',
      await saturate([one, await node()], next),
      `${note}; two stores, two pools`,
    );
  } finally {
    for (const db of databases) await db.close();
    await cluster.dispose();
  }
  return figures;
}
