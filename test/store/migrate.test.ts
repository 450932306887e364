// The copy behind `pointyard store migrate`, in process, on real SQLite folders and a PostgreSQL cluster of
// this file's own: tables larger than a batch keep their order and reach their totals in several steps; a
// journal another node left in a shared PostgreSQL database (not this writer's, so no open folds it) is
// copied and replayed by SQLite; a count that differs is shown as such.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { auditRecord } from '../../src/store/conformance/fixtures.js';
import { type MigrateProgress, migrateStore } from '../../src/store/migrate/copy-store.js';
import { formatCountLines } from '../../src/store/migrate/count-check.js';
import { parseEndpoint } from '../../src/store/migrate/endpoint.js';
import { openStore } from '../../src/store/open.js';
import type { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { Store } from '../../src/store/store.js';
import { peerSkip } from '../support/peers.js';
import { PostgresCluster, postgresMissing } from '../support/postgres.js';

const skip = peerSkip(postgresMissing());
const root = mkdtempSync(join(tmpdir(), 'pointyard-migrate-'));
let cluster: PostgresCluster | undefined;
before(async () => {
  if (!skip) cluster = await PostgresCluster.start({ fsync: false });
});
after(async () => {
  await cluster?.dispose();
  rmSync(root, { recursive: true, force: true });
});

const T0 = 1_780_000_000_000;

/** Progress told, per table: every `done` reported. */
function recordingProgress() {
  const steps = new Map<string, number[]>();
  const totals = new Map<string, number>();
  const progress: MigrateProgress = {
    start: (spec, total) => totals.set(spec.label, total),
    copied: (spec, done) => steps.set(spec.label, [...(steps.get(spec.label) ?? []), done]),
    finish: () => {},
  };
  return { progress, steps, totals };
}

async function withStore<T>(engine: string, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(engine.includes('://') ? { engine } : { engine: 'sqlite', path: engine });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

describe('store migrate: the copy', { skip }, () => {
  test('tables larger than a batch are copied in batches, in order, both ways', async () => {
    const source = join(root, 'large');
    await withStore(source, async (store) => {
      for (let b = 0; b < 6; b++)
        await store.commitWrites(
          Array.from({ length: 2000 }, (_, i) => ({
            key: `d.p${i % 10}`,
            array: null,
            // Many records of the same time: only the order of commit tells them apart.
            audit: auditRecord(`d.p${i % 10}`, T0 + Math.floor((b * 2000 + i) / 7), {
              written: b * 2000 + i,
            }),
          })),
        );
      // 1,200 series of one sample each: 1,200 chunks, more than a batch of chunks.
      for (let s = 0; s < 1200; s++) store.history.append(`d.s${s}`, T0 + s, s);
    });
    const expectedAudit = await withStore(source, (store) => store.queryAudit());
    const url = await (cluster as PostgresCluster).createDatabase('large');
    const there = recordingProgress();
    const lines = await migrateStore(parseEndpoint(source), parseEndpoint(url), there.progress);
    assert.ok(lines.every((l) => l.source === l.destination));
    assert.deepEqual(there.steps.get('audit'), [5000, 10000, 12000]);
    assert.deepEqual(there.steps.get('history chunks'), [500, 1000, 1200]);
    assert.equal(there.totals.get('audit'), 12000);
    assert.deepEqual(await withStore(url, (store) => store.queryAudit()), expectedAudit);

    const back = join(root, 'large-back');
    await migrateStore(parseEndpoint(url), parseEndpoint(back), recordingProgress().progress);
    assert.deepEqual(await withStore(back, (store) => store.queryAudit()), expectedAudit);
    assert.deepEqual(await withStore(back, (store) => store.history.read('d.s1199', 0, T0 * 2)), [
      { t: T0 + 1199, v: 1199 },
    ]);
  });

  test("another node's journal in a shared PostgreSQL database is copied, and SQLite replays it", async () => {
    const url = await (cluster as PostgresCluster).createDatabase('journal');
    const store = await openStore({ engine: url }, { postgres: { history: { writer: 'node-b' } } });
    store.history.append('a.temp', T0, 21.5);
    await store.history.flush();
    store.history.append('a.temp', T0 + 1000, 22);
    await store.history.journal();
    // Node b is killed: its journal stays, and an open by another writer leaves it alone.
    await (store as PostgresStore).db.close();

    const folder = join(root, 'journal');
    const lines = await migrateStore(parseEndpoint(url), parseEndpoint(folder), recordingProgress().progress);
    const journal = lines.find((l) => l.what === 'history journal samples');
    assert.deepEqual(journal && [journal.source, journal.destination], [1, 1]);
    assert.deepEqual(await withStore(folder, (s) => s.history.read('a.temp', 0, T0 * 2)), [
      { t: T0, v: 21.5 },
      { t: T0 + 1000, v: 22 },
    ]);
  });

  test('a source database no Pointyard opened is refused, and no table is made in it', async () => {
    const c = cluster as PostgresCluster;
    const url = await c.createDatabase('blank');
    await assert.rejects(
      migrateStore(parseEndpoint(url), parseEndpoint(join(root, 'blank')), recordingProgress().progress),
      /no Pointyard data in the database postgres:\/\/postgres:\*\*\*@.*\(no Pointyard ever opened it\)/,
    );
    const tables = await c.sql(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
      new URL(url).pathname.slice(1),
    );
    assert.deepEqual(tables, []);
  });

  test('the same place as source and destination is refused', async () => {
    const folder = join(root, 'same');
    await withStore(folder, (store) => store.saveCounters(new Map([['a.b', 1]])));
    await assert.rejects(
      migrateStore(parseEndpoint(folder), parseEndpoint(`${folder}/`), recordingProgress().progress),
      /the source and the destination are the same/,
    );
  });
});

test('the count check shows a count that differs', () => {
  const text = formatCountLines([
    { concern: 'audit', what: 'audit', source: 12, destination: 12 },
    { concern: 'history', what: 'history chunks samples', source: 1000, destination: 999 },
  ]);
  assert.equal(
    text,
    [
      'concern  what                    source  destination  check',
      'audit    audit                       12           12  ok',
      'history  history chunks samples    1000          999  DIFFERS',
      '',
    ].join('\n'),
  );
});
