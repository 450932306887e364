// `pointyard write` as users of each role against a running `pointyard start`: the CLI goes through the
// Haystack API, so it gets the same refusals (an operator may not run a backup or a report, a viewer writes
// nothing), and an admin's write of an action word runs the action.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { ADMIN_PASSWORD, startPointyard } from '../support/running-pointyard.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-write-roles-'));
after(() => rmSync(root, { recursive: true, force: true }));

const PASSWORD = 'another long password';
const BACKUP = 'lyon-confluence.parking-server.database-backup';
const REPORT = 'lyon-confluence.parking-server.report-generation';
const SETPOINT = 'lyon-confluence.dhw-tank.temperature-setpoint';

const pointyard = (env: Record<string, string>, input: string, ...args: string[]) =>
  spawnSync(process.execPath, ['bin/pointyard.js', ...args], {
    encoding: 'utf8',
    input,
    env: { ...process.env, ...env },
  });

test('pointyard write: an operator is refused the admin actions, a viewer every write, an admin runs them', async () => {
  const data = join(root, 'data');
  const server = await startPointyard(data);
  try {
    for (const [name, role] of [
      ['olivia', 'operator'],
      ['victor', 'viewer'],
    ] as const) {
      const added = pointyard(
        {},
        `${PASSWORD}\n`,
        'user',
        'add',
        name,
        '--role',
        role,
        '--password-stdin',
        '--data',
        data,
      );
      assert.equal(added.status, 0, added.stderr);
    }
    const as =
      (user: string, password: string) =>
      (...args: string[]) =>
        pointyard(
          { POINTYARD_URL: server.url, POINTYARD_USER: user, POINTYARD_PASSWORD: password },
          '',
          'write',
          ...args,
        );
    const olivia = as('olivia', PASSWORD);
    const victor = as('victor', PASSWORD);
    const admin = as('admin', ADMIN_PASSWORD);

    for (const [id, word] of [
      [BACKUP, 'BACKUP'],
      [REPORT, 'GENERATE'],
      [BACKUP, 'true'],
    ]) {
      const refused = olivia(id as string, word as string);
      assert.equal(refused.status, 1, refused.stdout);
      assert.match(
        refused.stderr,
        /olivia \(operator\): .+ is an admin's command: an operator may not run it/,
      );
    }
    for (const args of [
      [SETPOINT, '55°C'],
      [SETPOINT, 'null'],
      [BACKUP, 'BACKUP'],
    ]) {
      const refused = victor(...args);
      assert.equal(refused.status, 1, refused.stdout);
      assert.match(refused.stderr, /victor \(viewer\) may not write/);
    }

    const operatorWrite = olivia(SETPOINT, '55°C', '--level', '8');
    assert.equal(operatorWrite.status, 0, operatorWrite.stderr);
    const backup = admin(BACKUP, 'BACKUP');
    assert.equal(backup.status, 0, backup.stderr);
    assert.equal(backup.stdout, `${BACKUP}: BACKUP run\n`);
  } finally {
    await server.stop();
  }
  const store = new SqliteStore(data);
  try {
    // What ran or changed, and each refusal.
    const audit = await store.queryAudit({});
    assert.deepEqual(audit.map((a) => `${a.who} ${a.via} ${a.key} ${a.action}`).sort(), [
      'admin haystack parking-server.database-backup run',
      'olivia haystack dhw-tank.temperature-setpoint write',
      'olivia haystack parking-server.database-backup refused',
      'olivia haystack parking-server.database-backup refused',
      'olivia haystack parking-server.report-generation refused',
      'victor haystack dhw-tank.temperature-setpoint refused',
      'victor haystack dhw-tank.temperature-setpoint refused',
      'victor haystack parking-server.database-backup refused',
    ]);
  } finally {
    await store.close();
  }
});
