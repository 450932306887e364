// `pointyard site show`, run as a user runs it: the real bin, real files, exit codes.
// Needs the compiled CLI (`npm test` builds it first).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';

function pointyard(...args: string[]) {
  const run = spawnSync(process.execPath, ['bin/pointyard.js', ...args], { encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const SMALLEST = 'test/fixtures/sites/smallest.yaml';

describe('pointyard site show', () => {
  test('json: exactly the site and, per device, its profile id, name, numbers and point count', () => {
    const { code, stdout, stderr } = pointyard('site', 'show', '--site', SMALLEST, '--format', 'json');
    assert.equal(code, 0, stderr);
    assert.equal(stderr, '');
    assert.deepEqual(JSON.parse(stdout), {
      site: { id: 'test', name: 'Test', tz: 'Europe/Paris' },
      devices: [
        {
          id: 'gate-1',
          profile: 'gate',
          name: 'Gate #1',
          modbusUnit: 1,
          bacnetInstance: 1000,
          points: 3,
          source: 'sim',
        },
      ],
    });
  });

  test('the demo by name: 14 devices of the five built-in profiles', () => {
    const { code, stdout } = pointyard('site', 'show', '--site', 'demo', '-f', 'json');
    assert.equal(code, 0);
    const { site, devices } = JSON.parse(stdout);
    assert.deepEqual(site, { id: 'lyon-confluence', name: 'Parc Confluence Sud', tz: 'Europe/Paris' });
    assert.equal(devices.length, 14);
    assert.deepEqual(devices[0], {
      id: 'parking-server',
      profile: 'parking-management-server',
      name: 'Parking Management Server',
      modbusUnit: 1,
      bacnetInstance: 1000,
      points: 29,
      source: 'sim',
    });
    assert.deepEqual(
      devices
        .filter((d: { profile: string }) => d.profile === 'ev-charger-level-2')
        .map((d: { id: string }) => d.id),
      ['ev-charger-1', 'ev-charger-2', 'ev-charger-3', 'ev-charger-4'],
    );
  });

  test('table (the default): a heading, then one aligned row per device under a header', () => {
    const { code, stdout } = pointyard('site', 'show', '--site', 'demo');
    assert.equal(code, 0);
    const lines = stdout.trimEnd().split('\n');
    assert.equal(lines[0], 'Parc Confluence Sud (lyon-confluence), Europe/Paris: 14 devices, 246 points');
    assert.equal(lines[1], '');
    assert.match(lines[2] ?? '', /^ID\s+PROFILE\s+NAME\s+MODBUS\s+BACNET\s+POINTS\s+SOURCE$/);
    const rows = lines.slice(3);
    assert.equal(rows.length, 14);
    assert.deepEqual(rows[0]?.split(/\s{2,}/), [
      'parking-server',
      'parking-management-server',
      'Parking Management Server',
      '1',
      '1000',
      '29',
      'sim',
    ]);
    assert.deepEqual(rows[13]?.split(/\s{2,}/), [
      'pir-6',
      'pir-detector',
      'PIR Zone 6',
      '14',
      '1013',
      '12',
      'sim',
    ]);
    // Columns line up: each row's SOURCE starts where the header's does (the last column is not padded).
    const at = lines[2]?.indexOf('SOURCE');
    assert.ok(
      rows.every((r) => r.indexOf('sim') === at),
      'every row aligned with the header',
    );
  });

  test('a bad site file: every problem as file:line: message on stderr, nothing on stdout, exit 1', () => {
    const file = 'test/fixtures/sites/broken/many-errors.yaml';
    const { code, stdout, stderr } = pointyard('site', 'show', '--site', file);
    assert.equal(code, 1);
    assert.equal(stdout, '');
    const lines = stderr.trimEnd().split('\n');
    assert.equal(lines.length, 4);
    assert.ok(lines.every((l) => l.startsWith(`${file}:`)));
    assert.ok(lines.includes(`${file}:7: duplicate device id 'gate-1' (already at line 6)`));
  });

  test('usage errors exit 2: unknown site, missing --site, unknown format', () => {
    const unknown = pointyard('site', 'show', '--site', 'no-such-site');
    assert.equal(unknown.code, 2);
    assert.match(
      unknown.stderr,
      /'no-such-site' is neither a site file nor a built-in site \(built-in: demo, demo-gateway, demo-ocpp-chargers\)/,
    );
    const missing = pointyard('site', 'show');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /required option '-s, --site <file\|demo>' not specified/);
    const format = pointyard('site', 'show', '--site', 'demo', '-f', 'xml');
    assert.equal(format.code, 2);
    assert.match(format.stderr, /Allowed choices are table, json/);
  });

  test('help exits 0', () => {
    const { code, stdout } = pointyard('site', 'show', '--help');
    assert.equal(code, 0);
    assert.match(stdout, /--site <file\|demo>/);
  });
});
