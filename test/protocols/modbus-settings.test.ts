// The Modbus server's settings: site file `server.modbus`, start's flags over it, every problem named.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ServerMetrics } from '../../src/parking/server-metrics.js';
import { MODBUS_DEFAULTS } from '../../src/protocols/modbus/server.js';
import { modbusSettings } from '../../src/protocols/modbus/settings.js';
import { makeSite } from '../runtime/site-fixture.js';

function siteWith(modbus: unknown) {
  const site = makeSite([
    ['pir-1', 'pir-detector'],
    ['tank', 'level-sensor'],
  ]);
  return modbus === undefined ? site : { ...site, server: { modbus } };
}

describe('Modbus settings', () => {
  test('defaults: on, 127.0.0.1:5020, writes at 16, high word first, no gaps, 60 s idle, 100 connections', () => {
    const { settings, problems } = modbusSettings(siteWith(undefined), {});
    assert.deepEqual(problems, []);
    assert.deepEqual(settings, { enabled: true, ...MODBUS_DEFAULTS });
    assert.equal(MODBUS_DEFAULTS.port, 5020);
    assert.equal(MODBUS_DEFAULTS.priority, 16);
  });

  test('every key of server.modbus', () => {
    const { settings, problems } = modbusSettings(
      siteWith({
        host: '0.0.0.0',
        port: 1502,
        readOnly: true,
        priority: 10,
        role: 'admin',
        wordOrder: 'low-first',
        zeroGaps: true,
        idleTimeout: '5min',
        maxConnections: 8,
        offlineException: '04',
        devices: { tank: { wordOrder: 'high-first', zeroGaps: false } },
      }),
      {},
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(settings, {
      enabled: true,
      host: '0.0.0.0',
      port: 1502,
      readOnly: true,
      priority: 10,
      role: 'admin',
      wordOrder: 'low-first',
      zeroGaps: true,
      idleTimeoutMs: 300_000,
      maxConnections: 8,
      offlineException: 0x04,
      devices: { tank: { wordOrder: 'high-first', zeroGaps: false } },
    });
    // 0B, the default, in any of the forms a YAML file gives it.
    for (const raw of ['0B', '0b', 11])
      assert.equal(modbusSettings(siteWith({ offlineException: raw }), {}).problems.length, 0);
    const gateway = modbusSettings(siteWith({ offlineException: '0B' }), {}).settings;
    assert.ok(gateway.enabled && gateway.offlineException === 0x0b);
    const never = modbusSettings(siteWith({ idleTimeout: 0 }), {}).settings;
    assert.ok(never.enabled && never.idleTimeoutMs === 0);
  });

  test('flags win over the site file; --host serves every server unless --modbus-host says otherwise', () => {
    const site = siteWith({ host: '10.0.0.1', port: 1502 });
    const a = modbusSettings(site, { port: 0, readOnly: true }, '0.0.0.0');
    assert.ok(a.settings.enabled);
    assert.equal(a.settings.host, '0.0.0.0');
    assert.equal(a.settings.port, 0);
    assert.equal(a.settings.readOnly, true);
    const b = modbusSettings(site, { host: '127.0.0.2' }, '0.0.0.0');
    assert.ok(b.settings.enabled && b.settings.host === '127.0.0.2');
    const c = modbusSettings(site, {});
    assert.ok(c.settings.enabled && c.settings.host === '10.0.0.1');
  });

  test('role: operator by default; an operator at a level under 8, or an unknown role, is a problem', () => {
    assert.equal(MODBUS_DEFAULTS.role, 'operator');
    const viewer = modbusSettings(siteWith({ role: 'viewer' }), {});
    assert.deepEqual(viewer.problems, []);
    assert.ok(viewer.settings.enabled && viewer.settings.role === 'viewer');
    assert.deepEqual(modbusSettings(siteWith({ priority: 3, role: 'admin' }), {}).problems, []);
    assert.deepEqual(modbusSettings(siteWith({ priority: 3 }), {}).problems, [
      "priority 3 is not an operator's (8–16): set role: admin, or a priority from 8",
    ]);
    assert.deepEqual(modbusSettings(siteWith({ role: 'root' }), {}).problems, [
      'role must be viewer, operator or admin, not "root"',
    ]);
  });

  test('off with --no-modbus or enabled: false', () => {
    assert.deepEqual(modbusSettings(siteWith({ port: 1 }), { enabled: false }).settings, { enabled: false });
    assert.deepEqual(modbusSettings(siteWith({ enabled: false }), {}).settings, { enabled: false });
  });

  test('every problem, named by its key', () => {
    const { problems } = modbusSettings(
      siteWith({
        port: 70_000,
        host: 5,
        priority: 0,
        wordOrder: 'CDAB',
        zeroGaps: 'yes',
        idleTimeout: 'soon',
        maxConnections: 0,
        offlineException: 2,
        readonly: true,
        devices: { nope: {}, tank: { wordOrder: 'x', gaps: true } },
      }),
      {},
    );
    assert.deepEqual(problems, [
      'readonly is not a Modbus setting (known: enabled, host, port, readOnly, priority, role, wordOrder, zeroGaps, idleTimeout, maxConnections, offlineException, devices)',
      'host must be an address such as 127.0.0.1 or 0.0.0.0, not 5',
      'port must be an integer from 0 to 65535, not 70000',
      'priority must be an integer from 1 to 16, not 0',
      'wordOrder must be high-first or low-first, not "CDAB"',
      'zeroGaps must be true or false, not "yes"',
      'idleTimeout must be seconds or a duration such as 60s or 5min, not "soon"',
      'maxConnections must be an integer from 1 to 10000, not 0',
      'offlineException must be 0B (gateway target failed to respond) or 04 (server device failure), not 2',
      "devices.nope: the site has no device 'nope'",
      'devices.tank.gaps is not a Modbus setting (known: wordOrder, zeroGaps)',
      'devices.tank.wordOrder must be high-first or low-first, not "x"',
    ]);
  });
});

describe('server metrics: BMS clients', () => {
  test('a Modbus master counts while connected, and for 5 minutes after its last request', () => {
    const metrics = new ServerMetrics();
    const t = 1_000_000;
    metrics.connection('modbus:10.0.0.5', true, t);
    metrics.connection('modbus:10.0.0.5', true, t);
    assert.equal(metrics.openConnections, 2);
    assert.equal(metrics.activeClients(t + 3_600_000), 1);
    metrics.connection('modbus:10.0.0.5', false, t);
    metrics.clientSeen('modbus:10.0.0.5', t + 10);
    metrics.connection('modbus:10.0.0.5', false, t + 20);
    assert.equal(metrics.openConnections, 0);
    assert.equal(metrics.activeClients(t + 60_000), 1);
    assert.equal(metrics.activeClients(t + 6 * 60_000), 0);
  });
});
