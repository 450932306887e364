// `pointyard start` serves Modbus TCP: the address it prints, its flags and site-file settings, a clean
// stop, and the parking server's BMS Integration Status once a Modbus master talks to it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ModbusTcpClient } from '../../src/protocols/modbus/client.js';
import { ADMIN_PASSWORD, type StartOptions, startPointyard } from '../support/running-pointyard.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-start-modbus-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** `pointyard start` with its data in `root/name`, on a free HTTP port and (unless the site says) Modbus port. */
const start = (name: string, options: StartOptions = {}) => startPointyard(join(root, name), options);

describe('pointyard start: Modbus TCP', () => {
  test('serves the demo on the port asked, prints it, counts the master as a BMS client, stops cleanly', async () => {
    const run = await start('a', { args: ['--speed', '60'] });
    try {
      assert.ok(run.modbus, run.banner.join('\n'));
      assert.equal(run.modbus.host, '127.0.0.1');
      const client = await ModbusTcpClient.connect(run.modbus.host, run.modbus.port);
      try {
        const id = await client.request(2, { fc: 43, mei: 14, code: 1, objectId: 0 });
        assert.ok(id.kind === 'device-id' && id.objects.get(1) === 'ev-charger-level-2');
        // BMS Integration Status (input register 30516, enum CONNECTED/DISCONNECTED) of the parking server:
        // CONNECTED once the server's self-measurement (every 5 s) has seen this master.
        let status = -1;
        for (let i = 0; i < 60 && status !== 0; i++) {
          const r = await client.request(1, { fc: 4, address: 515, quantity: 1 });
          status = r.kind === 'registers' ? (r.registers[0] as number) : -1;
          if (status !== 0) await new Promise((resolve) => setTimeout(resolve, 500));
        }
        assert.equal(status, 0, 'BMS Integration Status is CONNECTED');
      } finally {
        await client.close();
      }
    } finally {
      assert.equal(await run.stop(), 0);
    }
  });

  test('--no-modbus serves none; --modbus-read-only refuses writes with exception 01', async () => {
    const none = await start('b', { args: ['--no-modbus'] });
    assert.equal(none.modbus, null);
    assert.equal(await none.stop(), 0);
    const readOnly = await start('c', { args: ['--modbus-read-only'] });
    try {
      assert.ok(readOnly.modbus);
      const client = await ModbusTcpClient.connect(readOnly.modbus.host, readOnly.modbus.port);
      const r = await client.request(2, { fc: 6, address: 100, value: 1600 });
      assert.deepEqual(r, { kind: 'exception', fc: 6, exception: 1 });
      await client.close();
    } finally {
      assert.equal(await readOnly.stop(), 0);
    }
  });

  test('site file settings: server.modbus port 0, read-only; a bad setting is a clear error', async () => {
    const site = join(root, 'site.yaml');
    writeFileSync(
      site,
      [
        'site: {id: tiny, name: Tiny, tz: UTC}',
        'devices:',
        '  - {id: pir-1, profile: pir-detector, modbusUnit: 42}',
        'server:',
        '  modbus: {port: 0, readOnly: true, idleTimeout: 5min, devices: {pir-1: {zeroGaps: true}}}',
        '',
      ].join('\n'),
    );
    const run = await start('d', { site, modbusPortFromSite: true });
    try {
      assert.ok(run.modbus, run.banner.join('\n'));
      const client = await ModbusTcpClient.connect(run.modbus.host, run.modbus.port);
      const block = await client.request(42, { fc: 4, address: 0, quantity: 4 });
      assert.ok(block.kind === 'registers' && block.registers[2] === 0); // a gap between mapped registers
      const write = await client.request(42, { fc: 6, address: 1, value: 2 });
      assert.ok(write.kind === 'exception' && write.exception === 1);
      await client.close();
    } finally {
      assert.equal(await run.stop(), 0);
    }
    writeFileSync(
      site,
      [
        'site: {id: tiny, name: Tiny, tz: UTC}',
        'devices:',
        '  - {id: pir-1, profile: pir-detector}',
        'server:',
        '  modbus: {port: 5020, priority: 20, wordOrder: middle, prot: 1, devices: {pir-9: {}}}',
        '',
      ].join('\n'),
    );
    const bad = spawnSync(
      process.execPath,
      ['bin/pointyard.js', 'start', '--site', site, '--data', join(root, 'e')],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /server\.modbus: prot is not a Modbus setting/);
    assert.match(bad.stderr, /server\.modbus: priority must be an integer from 1 to 16, not 20/);
    assert.match(bad.stderr, /server\.modbus: wordOrder must be high-first or low-first, not "middle"/);
    assert.match(bad.stderr, /server\.modbus: devices\.pir-9: the site has no device 'pir-9'/);
  });

  test('a port already taken is a clear error, not a crash', async () => {
    const first = await start('f');
    try {
      assert.ok(first.modbus);
      const second = spawnSync(
        process.execPath,
        [
          'bin/pointyard.js',
          'start',
          '--site',
          'demo',
          '--data',
          join(root, 'g'),
          '--no-http',
          '--modbus-port',
          String(first.modbus.port),
        ],
        { encoding: 'utf8', env: { ...process.env, POINTYARD_ADMIN_PASSWORD: ADMIN_PASSWORD } },
      );
      assert.equal(second.status, 1);
      assert.match(second.stderr, /^pointyard: cannot serve Modbus TCP on 127\.0\.0\.1:\d+: .*EADDRINUSE/m);
    } finally {
      assert.equal(await first.stop(), 0);
    }
  });
});
