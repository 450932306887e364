// `pointyard fault` against a running `pointyard start`, through its Haystack API.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ADMIN_PASSWORD, startPointyard } from '../support/running-pointyard.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-fault-'));
after(() => rmSync(root, { recursive: true, force: true }));
const data = join(root, 'data');
const run = (env: Record<string, string>, ...args: string[]) =>
  spawnSync(process.execPath, ['bin/pointyard.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });

test('no server: a clear error', () => {
  const none = run(
    { POINTYARD_URL: 'http://127.0.0.1:9/api/', POINTYARD_PASSWORD: 'x' },
    'fault',
    'pir-1',
    'tamper',
  );
  assert.equal(none.status, 1);
  assert.match(none.stderr, /^pointyard: cannot log in to http:\/\/127\.0\.0\.1:9\/api\/ as admin: /);
});

test('list, inject and clear faults on a running site; viewers may not; one server per data folder', async () => {
  const server = await startPointyard(data);
  const admin = { POINTYARD_URL: server.url, POINTYARD_PASSWORD: ADMIN_PASSWORD };
  const pointyard = (...args: string[]) => run(admin, ...args);
  try {
    const list = pointyard('fault', '--list');
    assert.equal(list.status, 0, list.stderr);
    assert.match(list.stdout, /^pir-1: .+$/m);
    const known = /^pir-1: (.+)$/m.exec(list.stdout)?.[1]?.split(', ')[0] ?? '';
    const injected = pointyard('fault', 'pir-1', known);
    assert.equal(injected.status, 0, injected.stderr);
    assert.equal(injected.stdout.trim(), `${known} injected into pir-1`);
    assert.match(
      pointyard('fault', '--list', 'pir-1').stdout,
      new RegExp(`^pir-1: .*active: ${known}$`, 'm'),
    );
    assert.equal(pointyard('fault', 'pir-1', known, '--clear').stdout.trim(), `${known} cleared on pir-1`);
    assert.doesNotMatch(pointyard('fault', '--list', 'pir-1').stdout, /active:/);

    const bad = pointyard('fault', 'pir-1', 'meltdown');
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /pir-1 has no fault 'meltdown' \(its faults: /);
    const nobody = pointyard('fault', 'no-such-device', 'tamper');
    assert.equal(nobody.status, 1);
    assert.match(nobody.stderr, /no device no-such-device/);

    const added = spawnSync(
      process.execPath,
      ['bin/pointyard.js', 'user', 'add', 'vic', '--role', 'viewer', '--data', data, '--password-stdin'],
      {
        encoding: 'utf8',
        input: 'viewer password 123\n',
      },
    );
    assert.equal(added.status, 0, added.stderr);
    const viewer = {
      POINTYARD_URL: server.url,
      POINTYARD_USER: 'vic',
      POINTYARD_PASSWORD: 'viewer password 123',
    };
    assert.equal(run(viewer, 'fault', '--list').status, 0);
    const denied = run(viewer, 'fault', 'pir-1', known);
    assert.equal(denied.status, 1);
    assert.match(denied.stderr, /vic \(viewer\) may not fault/);

    const twice = run({}, 'start', '--site', 'demo', '--data', data, '--no-http');
    assert.equal(twice.status, 1);
    assert.match(twice.stderr, /another Pointyard is already running on/);
  } finally {
    assert.equal(await server.stop(), 0);
  }
});
