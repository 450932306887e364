// The parking server's commands end to end: a write through the write path → the behaviour asks for the work
// → the runtime does it for real (files on disk) → the result shows in the status points.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { VirtualClock } from '../../src/core/clock.js';
import { ParkingEffects } from '../../src/parking/effects.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { makeSite, T0 } from '../runtime/site-fixture.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-commands-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** Advances virtual time in steps, letting real I/O (the effects) finish in between, until `done` holds. */
async function until(clock: VirtualClock, done: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) {
    clock.advance(30_000);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  assert.ok(done(), what);
}

test('Database Backup and Report Generation do real work and report back', async () => {
  const data = join(root, 'data');
  const store = new SqliteStore(data);
  const site = makeSite([['server', 'parking-management-server', { capacity: 120 }]]);
  const clock = new VirtualClock(T0 + 10 * 3_600_000);
  const log = { info() {}, warn() {}, error() {} };
  const runtime = await Runtime.open({
    site,
    store,
    clock,
    seed: 3,
    recordHistory: true,
    effects: new ParkingEffects(site, store, data, log),
  });
  const value = (id: string) => runtime.points.value(runtime.points.indexOf(`server.${id}`) as number);
  runtime.start();
  clock.advance(60_000);
  assert.equal(value('backup-status'), 'OK');

  const written = await runtime.writes.write({
    key: 'server.database-backup',
    value: 'BACKUP',
    who: 'admin',
    role: 'admin',
    via: 'test',
  });
  assert.equal(written.ok, true);
  await until(
    clock,
    () => value('backup-status') === 'IN_PROGRESS' || existsSync(join(data, 'backups')),
    'the backup starts',
  );
  await until(
    clock,
    () => value('backup-status') === 'OK' && value('last-backup-time') !== new Date(0).toISOString(),
    'the backup ends OK',
  );
  const [folder] = readdirSync(join(data, 'backups'));
  assert.ok(folder, 'a backup folder');
  assert.ok(existsSync(join(data, 'backups', folder, 'pointyard.db')), 'the state database is copied');
  assert.ok(existsSync(join(data, 'backups', folder, 'history.db')), 'the history database is copied');
  assert.ok(
    Date.parse(value('last-backup-time') as string) >= T0,
    'Last Backup Time is the time of the backup',
  );

  await runtime.writes.write({
    key: 'server.report-generation',
    value: 'GENERATE',
    who: 'admin',
    role: 'admin',
    via: 'test',
  });
  await until(
    clock,
    () => existsSync(join(data, 'reports')) && readdirSync(join(data, 'reports')).length === 2,
    'the report is written',
  );
  assert.deepEqual(readdirSync(join(data, 'reports')).sort(), [
    'report-2026-01-05.csv',
    'report-2026-01-05.html',
  ]);
  await runtime.stop();
  await runtime.persist();
  const kinds = (await store.queryEvents({ device: 'server' })).map((e) => e.kind);
  assert.ok(
    kinds.includes('backup') || kinds.some((k) => k.startsWith('backup')),
    `backup events: ${kinds.join(', ')}`,
  );
  await store.close();
});
