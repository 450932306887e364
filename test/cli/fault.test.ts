// `pointyard fault` against a running `pointyard start`, over the local control socket.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, test } from 'node:test';

const root = mkdtempSync(join(tmpdir(), 'pointyard-fault-'));
after(() => rmSync(root, { recursive: true, force: true }));
const data = join(root, 'data');
const pointyard = (...args: string[]) =>
  spawnSync(process.execPath, ['bin/pointyard.js', ...args], { encoding: 'utf8' });

test('list, inject and clear faults on a running site; clear errors otherwise', async () => {
  const none = pointyard('fault', 'pir-1', 'tamper', '--data', data);
  assert.equal(none.status, 1);
  assert.match(none.stderr, /no Pointyard is running on .*data \(start it with `pointyard start --data/);

  const child = spawn(
    process.execPath,
    ['bin/pointyard.js', 'start', '--site', 'demo', '--data', data, '--log-level', 'warn'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
  for await (const line of createInterface({ input: child.stderr }))
    if (line.startsWith('Pointyard is running')) break;
  try {
    const list = pointyard('fault', '--list', '--data', data);
    assert.equal(list.status, 0, list.stderr);
    assert.match(list.stdout, /^pir-1: .+$/m);
    const known = /^pir-1: (.+)$/m.exec(list.stdout)?.[1]?.split(', ')[0] ?? '';
    const injected = pointyard('fault', 'pir-1', known, '--data', data);
    assert.equal(injected.status, 0, injected.stderr);
    assert.equal(injected.stdout.trim(), `${known} injected into pir-1`);
    assert.match(
      pointyard('fault', '--list', '--data', data).stdout,
      new RegExp(`^pir-1: .*active: ${known}$`, 'm'),
    );
    assert.equal(
      pointyard('fault', 'pir-1', known, '--clear', '--data', data).stdout.trim(),
      `${known} cleared on pir-1`,
    );
    const bad = pointyard('fault', 'pir-1', 'meltdown', '--data', data);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /pir-1 has no fault 'meltdown' \(its faults: /);
    const twice = pointyard('start', '--site', 'demo', '--data', data);
    assert.equal(twice.status, 1);
    assert.match(twice.stderr, /another Pointyard is already running on/);
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    clearTimeout(guard);
  }
});
