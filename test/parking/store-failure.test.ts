// A store that refuses writes (its database full): the alarm that could not be saved stays open and is saved
// once there is room, `/healthz` answers 503 with the reason and Database Status shows ERROR meanwhile, and
// both come back once a write succeeds again.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { VirtualClock } from '../../src/core/clock.js';
import { RealEnvironment } from '../../src/parking/real-environment.js';
import { ServerMetrics } from '../../src/parking/server-metrics.js';
import { Authenticator } from '../../src/protocols/haystack/auth/authenticator.js';
import { startHaystackServer } from '../../src/protocols/haystack/server.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { loadSite } from '../../src/site/load.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { T0 } from '../runtime/site-fixture.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-store-failure-'));
after(() => rmSync(root, { recursive: true, force: true }));

/**
 * Fills the state database the way a full disk does for SQLite (SQLITE_FULL, "database or disk is full"):
 * closed alarms are written straight through the connection until no page is left, so that the next alarm
 * the runtime saves is refused. The store's own calls see nothing of it.
 */
function fillUp(store: SqliteStore): void {
  const db = store.database;
  db.pragma(`max_page_count = ${(db.pragma('page_count', { simple: true }) as number) + 40}`);
  const insert = db.prepare(
    `INSERT INTO alarms (key, device, point, value, severity, state, raised_at, acked_at, acked_by, cleared_at)
     VALUES ('filler.x', 'filler', 'x', ?, 'alarm', 'cleared', 1, 1, 'test', 1)`,
  );
  for (const size of [2000, 200, 20, 1]) {
    for (let i = 0; i < 2000; i++) {
      try {
        insert.run(JSON.stringify('x'.repeat(size)));
      } catch (err) {
        assert.equal((err as { code?: string }).code, 'SQLITE_FULL');
        break;
      }
    }
  }
}

/** Makes room again, as freeing disk space does. */
const freeSpace = (store: SqliteStore) => store.database.pragma('max_page_count = 1073741823');

describe('a store that refuses writes', () => {
  test('the unsaved alarm stays open and is saved later; /healthz and Database Status follow the store', async () => {
    const { site } = loadSite('sites/demo.yaml', PROTOCOLS);
    assert.ok(site);
    const dir = join(root, 'data');
    const store = new SqliteStore(dir);
    const clock = new VirtualClock(T0);
    const errors: string[] = [];
    const runtime = await Runtime.open({
      site,
      store,
      clock,
      seed: 1,
      environment: new RealEnvironment(store, new ServerMetrics(), () => 0),
      log: {
        info: () => {},
        warn: () => {},
        debug: () => {},
        error: (_obj: unknown, msg?: string) => errors.push(String(msg)),
      } as never,
    });
    const server = await startHaystackServer({
      site,
      plugins: PROTOCOLS,
      runtime,
      host: '127.0.0.1',
      port: 0,
      authenticator: new Authenticator({ store }),
      webUiDir: null,
    });
    const health = async () => {
      const response = await fetch(server.url.replace(/api\/$/, 'healthz'));
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    /** Moves virtual time a second at a time (at most a minute) until `done`. */
    const stepUntil = async (done: () => boolean) => {
      for (let i = 0; i < 60 && !done(); i++) {
        clock.advance(1000);
        await runtime.alarms.settled();
      }
    };
    const databaseStatus = () =>
      runtime.points.value(runtime.points.indexOf('parking-server.database-status') as number);
    try {
      runtime.start();
      clock.advance(10_000);
      assert.equal(databaseStatus(), 'CONNECTED');
      assert.deepEqual(await health(), { status: 200, body: { status: 'ok', site: site.site.id } });

      fillUp(store);
      const charger = runtime.points.indexOf('ev-charger-1.charger-status') as number;
      const raisedAt = clock.now();
      runtime.points.update(charger, 'OFFLINE', raisedAt);
      await runtime.alarms.settled();
      const raised = runtime.alarms.list().find((a) => a.key === 'ev-charger-1.charger-status');
      assert.ok(raised, 'the alarm stays in the open list');
      assert.equal(raised.id, 0, 'not saved yet');
      assert.equal(runtime.alarms.unsavedCount, 1);
      assert.ok(
        errors.some((e) => /alarm not saved/.test(e)),
        'the failure is logged',
      );

      const failing = await health();
      assert.equal(failing.status, 503);
      assert.equal(failing.body.status, 'error');
      const problems = failing.body.store as Array<{ database: string; error: string }>;
      assert.equal(problems[0]?.database, 'pointyard.db');
      assert.match(problems[0]?.error ?? '', /is full: free some space/);
      await stepUntil(() => databaseStatus() === 'ERROR');
      await runtime.alarms.settled();
      assert.equal(databaseStatus(), 'ERROR', 'Database Status follows the refused write');
      // Still no room: still unsaved (with the alarm Database Status ERROR itself raised), tried again.
      assert.ok(runtime.alarms.unsavedCount >= 1);
      assert.equal(runtime.alarms.list().find((a) => a.key === 'ev-charger-1.charger-status')?.id, 0);

      freeSpace(store);
      clock.advance(60_000); // past the next try
      await runtime.alarms.settled();
      assert.equal(runtime.alarms.unsavedCount, 0);
      const other = new Database(join(dir, 'pointyard.db'), { readonly: true });
      const saved = other
        .prepare("SELECT raised_at FROM alarms WHERE key = 'ev-charger-1.charger-status'")
        .all() as Array<{ raised_at: number }>;
      other.close();
      // The simulation has meanwhile put the charger back to normal: the alarm is saved as it stands now.
      assert.deepEqual(saved, [{ raised_at: raisedAt }], 'saved once, on disk, seen by another connection');
      assert.equal((await health()).status, 200, 'healthy again once a write succeeded');
      await stepUntil(() => databaseStatus() === 'CONNECTED');
      assert.equal(databaseStatus(), 'CONNECTED');
    } finally {
      await server.close();
      await runtime.stop();
      await store.close();
    }
  });
});
