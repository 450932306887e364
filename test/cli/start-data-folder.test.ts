// `pointyard start` on a damaged data folder: a 0-byte pointyard.db beside a full history.db, or a database
// with garbage inside, is refused with what to do (exit 1, nothing created); told to, it starts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, truncateSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { storedUser } from '../../src/store/conformance/fixtures.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { ADMIN_PASSWORD, startPointyard } from '../support/running-pointyard.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-start-folder-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

/** A data folder with a user and an hour of history for 20 points, closed. */
async function usedFolder(): Promise<string> {
  const dir = join(root, `data-${++n}`);
  const store = new SqliteStore(dir, { chunkSamples: 64 });
  await store.saveUser(storedUser('alice', 'admin'));
  for (let t = 0; t < 3600; t++)
    for (let s = 0; s < 20; s++) store.history.append(`d-${s}.p`, t * 1000, t + s);
  await store.close();
  return dir;
}

const start = (dir: string, ...args: string[]) =>
  spawnSync(
    process.execPath,
    [
      'bin/pointyard.js',
      'start',
      '--site',
      'demo',
      '--data',
      dir,
      '--no-http',
      '--no-modbus',
      '--no-bacnet',
      '--no-ocpp',
      '--no-mqtt',
      '--no-sia',
      ...args,
    ],
    { encoding: 'utf8', env: { ...process.env, POINTYARD_ADMIN_PASSWORD: ADMIN_PASSWORD }, timeout: 60_000 },
  );

describe('pointyard start on a damaged data folder', () => {
  test('an empty pointyard.db beside a full history.db is refused; --accept-new-database starts', async () => {
    const dir = await usedFolder();
    truncateSync(join(dir, 'pointyard.db'), 0);
    const refused = start(dir);
    assert.equal(refused.status, 1, refused.stderr);
    assert.match(
      refused.stderr,
      /^pointyard: refusing the data folder .*: pointyard\.db is empty \(0 bytes\) while history\.db holds data\. Nothing was changed\. Restore both databases from the latest backup .* or start with --accept-new-database/m,
    );
    assert.doesNotMatch(refused.stderr, /Created the API user/);
    assert.equal(statSync(join(dir, 'pointyard.db')).size, 0, 'no new database, no new admin');

    const server = await startPointyard(dir, { args: ['--accept-new-database'] });
    assert.equal(await server.stop(), 0);
    assert.ok(statSync(join(dir, 'pointyard.db')).size > 0);
  });

  test('garbage inside history.db is refused by the quick check, and by --check full', async () => {
    const dir = await usedFolder();
    const file = join(dir, 'history.db');
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, Math.floor(statSync(file).size / 8192) * 4096);
    closeSync(fd);
    for (const args of [[], ['--check', 'full']]) {
      const refused = start(dir, ...args);
      assert.equal(refused.status, 1, refused.stderr);
      assert.match(
        refused.stderr,
        /^pointyard: history\.db in .* is damaged \((quick|full) check: .*restore/m,
      );
    }
    const bad = start(dir, '--check', 'fast');
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /expected quick, full, off/);
  });
});
