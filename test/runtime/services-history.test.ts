// The services facade's history write, on SQLite, as any protocol would call it: only an admin writes history,
// a refusal leaves a `refused` record under each point the site has and writes nothing, and a write is readable
// and audited (`his-write`: who, via, how many samples, their span) once it answers. When the audit record
// cannot be saved (the state database full), the samples stay and the answer says the record is missing.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { VirtualClock } from '../../src/core/clock.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { loadSite } from '../../src/site/load.js';
import { openStore } from '../../src/store/open.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { T0 } from './site-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'pointyard-services-history-'));
const store = await openStore({ engine: 'sqlite', path: dir }, { sqlite: { check: 'off' } });
const { site } = loadSite('sites/demo.yaml', PROTOCOLS);
assert.ok(site);
const runtime = await Runtime.open({ site, store, clock: new VirtualClock(T0), seed: 1 });
after(async () => {
  await runtime.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const { history } = runtime.services;
const KEY = 'ev-charger-1.charger-temperature';
const samples = [
  { t: T0 - 60_000, v: 20 },
  { t: T0 - 120_000, v: 19 },
];
const actor = { who: 'olivia', role: 'operator' as const, via: 'test', remote: '127.0.0.1:1' };

test('an operator may not write history: a refused record, nothing written', async () => {
  const result = await history.write({ ...actor, points: [{ key: KEY, samples }] });
  assert.deepEqual(result, {
    ok: false,
    written: false,
    code: 'forbidden',
    message: 'olivia (operator) may not write history',
  });
  assert.deepEqual(await history.read(KEY, T0 - 3_600_000, T0), []);
  const [latest] = await store.queryAudit({ key: KEY });
  assert.equal(latest?.action, 'refused');
  assert.equal(latest?.note, 'forbidden: olivia (operator) may not write history');
  assert.equal(latest?.via, 'test');
  assert.equal(latest?.remote, '127.0.0.1:1');
});

test('a point the site does not have: refused, nothing written, no record (nothing to file it under)', async () => {
  const before = (await store.queryAudit({ key: KEY })).length;
  const result = await history.write({
    ...actor,
    role: 'admin',
    points: [
      { key: KEY, samples },
      { key: 'no-device.no-point', samples },
    ],
  });
  assert.equal(result.ok, false);
  assert.equal(!result.ok && result.code, 'unknown-point');
  assert.deepEqual(await history.read(KEY, T0 - 3_600_000, T0), [], 'the known point is not written either');
  const records = await store.queryAudit();
  assert.equal(records.length, before + 1, 'one refused record, under the point the site has');
  assert.equal(records[0]?.key, KEY);
});

test('an admin’s write is read back and audited before it answers', async () => {
  const result = await history.write({
    ...actor,
    who: 'admin',
    role: 'admin',
    points: [{ key: KEY, samples }],
  });
  assert.deepEqual(result, { ok: true, samples: 2 });
  assert.deepEqual(await history.read(KEY, T0 - 3_600_000, T0), [...samples].reverse());
  const [latest] = await store.queryAudit({ key: KEY });
  assert.deepEqual(
    { who: latest?.who, via: latest?.via, action: latest?.action, level: latest?.level, note: latest?.note },
    {
      who: 'admin',
      via: 'test',
      action: 'his-write',
      level: null,
      note: `2 samples from ${new Date(T0 - 120_000).toISOString()} to ${new Date(T0 - 60_000).toISOString()}`,
    },
  );
});

/**
 * Fills the state database (pointyard.db) as a full disk does, so that its next audit record is refused
 * (SQLITE_FULL): rows of another key are written into the audit table straight through the connection.
 */
function fillStateDatabase(sqlite: SqliteStore): void {
  const db = sqlite.database;
  db.pragma(`max_page_count = ${(db.pragma('page_count', { simple: true }) as number) + 20}`);
  const insert = db.prepare(
    `INSERT INTO audit (ts, who, via, remote, key, level, action, written, before, after, duration_ms, note)
     VALUES (1, 'test', 'test', NULL, 'filler.x', NULL, 'refused', NULL, NULL, NULL, NULL, ?)`,
  );
  for (const size of [2000, 200, 20, 1])
    for (let i = 0; i < 5000; i++) {
      try {
        insert.run('x'.repeat(size));
      } catch (err) {
        assert.equal((err as { code?: string }).code, 'SQLITE_FULL');
        break;
      }
    }
}

test('an audit record that cannot be saved: the samples stay, the answer says so', async () => {
  assert.ok(store instanceof SqliteStore);
  const before = (await store.queryAudit({ key: KEY })).length;
  fillStateDatabase(store);
  const late = [{ t: T0 - 30_000, v: 25 }];
  try {
    const result = await history.write({
      ...actor,
      who: 'admin',
      role: 'admin',
      points: [{ key: KEY, samples: late }],
    });
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.code, 'unaudited');
    assert.match(
      !result.ok ? result.message : '',
      /^the samples are written, but their audit record is not saved: /,
    );
    assert.deepEqual(await history.read(KEY, T0 - 30_000, T0), late, 'the samples are kept');
  } finally {
    store.database.pragma('max_page_count = 1073741823');
  }
  assert.equal((await store.queryAudit({ key: KEY })).length, before, 'no record');
});
