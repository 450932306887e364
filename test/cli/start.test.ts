// `pointyard start`: runs until SIGTERM, stops cleanly, keeps its data; a read-only data folder is refused.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, test } from 'node:test';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-start-'));
after(() => rmSync(root, { recursive: true, force: true }));

describe('pointyard start', () => {
  test('runs the demo, logs as JSON, records history, stops cleanly on SIGTERM', async () => {
    const data = join(root, 'data');
    const child = spawn(
      process.execPath,
      [
        'bin/pointyard.js',
        'start',
        '--site',
        'demo',
        '--data',
        data,
        '--speed',
        '60',
        '--modbus-port',
        '0',
        '--bacnet-port',
        '0',
        '--ocpp-port',
        '0',
        '--mqtt-port',
        '0',
        '--sia-port',
        '0',
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const logs: Array<Record<string, unknown>> = [];
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
    for await (const line of createInterface({ input: child.stdout })) {
      logs.push(JSON.parse(line));
      if (logs.some((l) => l.msg === 'started')) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 1500)); // 90 simulated seconds at 60×
    child.kill('SIGTERM');
    assert.equal(await exited, 0, stderr);
    clearTimeout(guard);
    assert.match(stderr, /Pointyard is running .+: 14 devices, \d+ points, data in /);
    const started = logs.find((l) => l.msg === 'started');
    assert.equal(started?.speed, 60);
    assert.ok(existsSync(join(data, 'pointyard.db')) && existsSync(join(data, 'history.db')));
    const store = new SqliteStore(data);
    const power = await store.history.read('ev-charger-1.active-power', 0, Number.MAX_SAFE_INTEGER);
    assert.ok(power.length >= 30, `history was recorded (${power.length} samples)`);
    await store.close();
  });

  test('a data folder that cannot be used is a clear error, not a crash', () => {
    const file = join(root, 'a-file');
    writeFileSync(file, 'not a folder');
    const run = spawnSync(process.execPath, ['bin/pointyard.js', 'start', '--site', 'demo', '--data', file], {
      encoding: 'utf8',
    });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /^pointyard: (cannot|store failure)/m);
  });
});
