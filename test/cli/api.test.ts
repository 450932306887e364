// `pointyard read | write | his` against a running `pointyard start`, logged in with SCRAM.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { postGrid } from '../support/haystack-call.js';
import { haystackLogin } from '../support/haystack-scram-client.js';
import { ADMIN_PASSWORD, startPointyard } from '../support/running-pointyard.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-api-cli-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('read, write and his on a running server; a wrong password is refused', async () => {
  const server = await startPointyard(join(root, 'data'));
  const url = server.url;
  try {
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, ['bin/pointyard.js', ...args], {
        encoding: 'utf8',
        env: { ...process.env, POINTYARD_URL: url, POINTYARD_PASSWORD: ADMIN_PASSWORD },
      });
    const read = cli('read', 'equip and profile=="pir-detector"');
    assert.equal(read.status, 0, read.stderr);
    assert.equal(read.stdout.split('\n').filter((l) => l.startsWith('@lyon-confluence.pir-')).length, 6);

    const write = cli(
      'write',
      'lyon-confluence.dhw-tank.temperature-setpoint',
      '62°C',
      '--level',
      '8',
      '--duration',
      '30min',
    );
    assert.equal(write.status, 0, write.stderr);
    assert.equal(write.stdout.trim(), 'lyon-confluence.dhw-tank.temperature-setpoint = 62°C (level 8)');
    const refused = cli('write', 'lyon-confluence.dhw-tank.temperature-setpoint', '95');
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /95 °C is outside the allowed range of Temperature Setpoint: 50 to 70 °C/);

    // A Bool point's words are sent as the Bool pointWrite takes (a Str is the wrong kind).
    const word = cli('write', 'lyon-confluence.dhw-tank.heating-enable', 'DISABLE');
    assert.equal(word.status, 0, word.stderr);
    assert.equal(word.stdout.trim(), 'lyon-confluence.dhw-tank.heating-enable = F (level 16)');
    // A duration in any Haystack time unit, as typed.
    const day = cli(
      'write',
      'lyon-confluence.rainwater-tank.high-level-threshold',
      '85',
      '--level',
      '8',
      '--duration',
      '1day',
    );
    assert.equal(day.status, 0, day.stderr);
    const admin = await haystackLogin(url, 'admin', ADMIN_PASSWORD);
    const levels = await postGrid(
      url,
      admin.fetch,
      'pointWrite',
      'ver:"3.0"\nid\n@lyon-confluence.rainwater-tank.high-level-threshold\n',
    );
    const level8 = levels.getRows().find((r) => r.get('level')?.valueOf() === 8);
    assert.equal(level8?.get('expires')?.toZinc(), '86400s');

    // Longer than the server's 30-day cap: refused before anything is sent, the override of a day stays.
    const tooLong = cli(
      'write',
      'lyon-confluence.rainwater-tank.high-level-threshold',
      '80',
      '--level',
      '8',
      '--duration',
      '31day',
    );
    assert.equal(tooLong.status, 1);
    assert.match(tooLong.stderr, /at most 30 days \(30day\), not '31day'/);
    const still = await postGrid(
      url,
      admin.fetch,
      'pointWrite',
      'ver:"3.0"\nid\n@lyon-confluence.rainwater-tank.high-level-threshold\n',
    );
    assert.equal(still.getRows()[7]?.get('val')?.toZinc(), '85%');

    const his = cli('his', 'lyon-confluence.dhw-tank.temperature-setpoint', 'today');
    assert.equal(his.status, 0, his.stderr);
    assert.match(his.stdout, /^ts,val\n/);
    assert.match(his.stdout, /,62°C\n/);

    // `pointyard read … | head`: the reader closes the pipe after its first chunk; the command stops quietly.
    const piped = spawn(process.execPath, ['bin/pointyard.js', 'read', 'point', '-f', 'json'], {
      env: { ...process.env, POINTYARD_URL: url, POINTYARD_PASSWORD: ADMIN_PASSWORD },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    piped.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    piped.stdout.once('data', () => piped.stdout.destroy());
    const code = await new Promise<number | null>((done) => piped.once('close', done));
    assert.equal(code, 0, stderr);
    assert.doesNotMatch(stderr, /EPIPE|Error/);

    const intruder = spawnSync(process.execPath, ['bin/pointyard.js', 'read', 'site'], {
      encoding: 'utf8',
      env: { ...process.env, POINTYARD_URL: url, POINTYARD_PASSWORD: 'wrong password' },
    });
    assert.equal(intruder.status, 1);
    assert.match(intruder.stderr, /cannot log in to .* as admin: .*403/);
  } finally {
    await server.stop();
  }
});
