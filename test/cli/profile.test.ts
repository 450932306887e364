// The `pointyard profile` commands, run as a user runs them: the real bin, real files, exit codes.
// Needs the compiled CLI (`npm test` builds it first).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { HGrid, type HRef, TrioReader, ZincReader } from 'haystack-core';
import { MODBUS_CSV_COLUMNS } from '../../src/protocols/modbus/modbus-csv.js';

function pointyard(...args: string[]) {
  const run = spawnSync(process.execPath, ['bin/pointyard.js', ...args], { encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const SEEDS = readdirSync('profiles')
  .sort()
  .map((f) => `profiles/${f}`);
const NEW_DEVICE = 'test/fixtures/good/air-handling-unit.md';
const out = mkdtempSync(join(tmpdir(), 'pointyard-cli-'));
after(() => rmSync(out, { recursive: true, force: true }));

describe('pointyard profile list', () => {
  test('prints the id and name of every built-in profile', () => {
    const { code, stdout } = pointyard('profile', 'list');
    assert.equal(code, 0);
    const rows = stdout.trim().split('\n');
    assert.match(rows[0] ?? '', /^ID\s+NAME\s+POINTS$/);
    assert.deepEqual(
      rows.slice(1).map((r) => r.split(/\s{2,}/).slice(0, 2)),
      [
        ['parking-management-server', 'Parking Management Server'],
        ['ev-charger-level-2', 'EV Charger Level 2'],
        ['level-sensor', 'Level Sensor'],
        ['dhw-tank', 'DHW Tank'],
        ['pir-detector', 'PIR Detector'],
      ],
    );
  });
});

describe('pointyard profile validate', () => {
  test('every seed is ok, one line each', () => {
    const { code, stdout, stderr } = pointyard('profile', 'validate', ...SEEDS);
    assert.equal(code, 0, stderr);
    assert.equal(stderr, '');
    assert.deepEqual(stdout.trim().split('\n'), [
      'ok profiles/000_33b2c70fff85cd79.txt: parking-management-server (12 sensor, 7 command, 10 status)',
      'ok profiles/001_05ad4beb3620f4de.txt: ev-charger-level-2 (9 sensor, 6 command, 8 status)',
      'ok profiles/002_4c5fa36c7ec9b79b.txt: level-sensor (6 sensor, 4 command, 5 status)',
      'ok profiles/003_1e6af2e1a6113a44.txt: dhw-tank (10 sensor, 5 command, 8 status)',
      'ok profiles/004_042fa72d7d19c28e.txt: pir-detector (4 sensor, 3 command, 5 status)',
    ]);
  });

  test('a bad file among good ones: its errors, the others ok, exit 1', () => {
    const bad = 'test/fixtures/broken/many-errors.md';
    const { code, stdout, stderr } = pointyard('profile', 'validate', SEEDS[0] as string, bad);
    assert.equal(code, 1);
    assert.match(stdout, /^ok profiles\/000_33b2c70fff85cd79\.txt: parking-management-server/);
    const lines = stderr.trim().split('\n');
    assert.equal(lines.filter((l) => l.startsWith(`${bad}:`)).length, 4);
    assert.ok(lines.includes(`${bad}:4: Synthèse declares 5 mesure points but the table lists 2`));
    assert.equal(lines.at(-1), '1 of 2 points lists rejected');
  });

  test('a missing file is an error, not a crash', () => {
    const { code, stderr } = pointyard('profile', 'validate', 'no/such/list.md');
    assert.equal(code, 1);
    assert.match(stderr, /^no\/such\/list\.md:1: cannot read: no such file$/m);
  });

  test('warnings are printed and do not fail the file; --quiet hides them', () => {
    const file = 'test/fixtures/good/warnings-only.md';
    const loud = pointyard('profile', 'validate', file);
    assert.equal(loud.code, 0);
    assert.match(loud.stderr, /warnings-only\.md:11: warning: unknown Haystack tag 'gizmo'/);
    const quiet = pointyard('profile', 'validate', '--quiet', file);
    assert.equal(quiet.code, 0);
    assert.equal(quiet.stderr, '');
  });

  test('a new device type with other protocol columns validates with no code change', () => {
    const { code, stdout, stderr } = pointyard('profile', 'validate', NEW_DEVICE);
    assert.equal(code, 0, stderr);
    assert.equal(stdout.trim(), `ok ${NEW_DEVICE}: air-handling-unit (5 sensor, 4 command, 3 status)`);
  });
});

describe('pointyard profile export', () => {
  test('json by id is the canonical profile', () => {
    const { code, stdout } = pointyard('profile', 'export', 'ev-charger-level-2', '--format', 'json');
    assert.equal(code, 0);
    const profile = JSON.parse(stdout);
    assert.deepEqual(Object.keys(profile), [
      'id',
      'name',
      'localName',
      'declaredCounts',
      'sources',
      'points',
    ]);
    assert.deepEqual(Object.keys(profile.points[0]), [
      'id',
      'name',
      'kind',
      'type',
      'tags',
      'unit',
      'min',
      'max',
      'enum',
      'trueText',
      'falseText',
      'action',
      'writeRole',
      'update',
      'intervalMs',
      'description',
      'addresses',
      'protocols',
    ]);
    assert.deepEqual(Object.keys(profile.points[0].addresses), ['bacnet', 'modbus', 'ocpp']);
    assert.deepEqual(Object.keys(profile.points[0].addresses.bacnet), ['type', 'instance', 'auto']);
    assert.deepEqual(profile.points[0].addresses.ocpp, {
      kind: 'measurand',
      measurand: 'Power.Active.Import',
      phase: null,
    });
  });

  test('modbus-csv: a register map with the vendor columns', () => {
    const { code, stdout } = pointyard('profile', 'export', 'level-sensor', '-f', 'modbus-csv');
    assert.equal(code, 0);
    const lines = stdout.trim().split('\n');
    assert.equal(lines[0], MODBUS_CSV_COLUMNS.join(','));
    assert.ok(lines.includes('30003,input,2,2,uint32,1,R,Volume,L,0,100000,Volume calculé'));
    assert.ok(
      lines.includes(
        '40101,holding,100,1,uint16,100,R/W,High Level Threshold,%,70,100,Seuil alarme niveau haut',
      ),
    );
    assert.equal(lines.length, 1 + 15);
  });

  test('ede: header, 16 columns per object, state texts that the objects reference', () => {
    const { code, stderr } = pointyard(
      'profile',
      'export',
      'pir-detector',
      '-f',
      'ede',
      '--out',
      out,
      '--device-instance',
      '4001',
    );
    assert.equal(code, 0, stderr);
    const ede = readFileSync(join(out, 'pir-detector_EDE.csv'), 'utf8').trimEnd().split('\r\n');
    const states = readFileSync(join(out, 'pir-detector_StateTexts.csv'), 'utf8').trimEnd().split('\r\n');
    assert.equal(ede[0], '# Proposal_Engineering-Data-Exchange - B.I.G.-EU');
    assert.equal(ede[5], 'VERSION_OF_LAYOUT;2.2');
    const objects = ede.slice(8).map((l) => l.split(';'));
    assert.equal(objects.length, 1 + 12, 'the device and its 12 points');
    for (const row of objects) assert.equal(row.length, 16);
    assert.deepEqual(objects[0]?.slice(1, 5), ['4001', 'PIR Detector', '8', '4001']);
    const sensitivity = objects.find((r) => r[2] === 'Sensitivity');
    assert.deepEqual(sensitivity?.slice(3, 5), ['19', '1'], 'MSV1');
    assert.deepEqual(sensitivity?.slice(7, 10), ['1', '3', 'Y']);
    const texts = new Map(states.slice(2).map((l) => [l.split(';')[0], l.split(';').slice(1)]));
    assert.deepEqual(texts.get(sensitivity?.[13]), ['LOW', 'MEDIUM', 'HIGH']);
    const alarm = objects.find((r) => r[2] === 'Alarm Status');
    assert.deepEqual(texts.get(alarm?.[13])?.slice(0, 2), ['FALSE', 'TRUE'], 'inactive text first');
    const temperature = objects.find((r) => r[2] === 'Temperature');
    assert.deepEqual(temperature?.slice(7, 10), ['-10', '50', 'N']);
    assert.equal(temperature?.[14], '62', 'degrees-celsius');
  });

  test('zinc and trio read back with haystack-core', () => {
    const zinc = pointyard('profile', 'export', 'dhw-tank', '-f', 'zinc');
    assert.equal(zinc.code, 0);
    const grid = ZincReader.readValue(zinc.stdout);
    assert.ok(grid instanceof HGrid);
    assert.equal(grid.length, 1 + 23);
    const setpoint = grid.getRows().find((r) => r.get('dis')?.toString() === 'Temperature Setpoint');
    assert.ok(setpoint?.has('writable') && setpoint.has('cmd') && setpoint.has('sp'));
    assert.equal(setpoint?.get('bacnetWrite')?.toString(), 'AO0');
    assert.equal(setpoint?.get('unit')?.toString(), '°C');
    // Refs keep their display names, as the API writes them (Haxall's Zinc).
    assert.match(zinc.stdout, /@dhw-tank\.temperature-setpoint "Temperature Setpoint"/);
    assert.equal((setpoint?.get('id') as HRef | undefined)?.dis, 'Temperature Setpoint');
    assert.equal(
      (setpoint?.get('equipRef') as HRef | undefined)?.dis,
      grid.getRows()[0]?.get('dis')?.toString(),
    );
    const trio = pointyard('profile', 'export', 'dhw-tank', '-f', 'trio');
    assert.equal(TrioReader.readAllDicts(trio.stdout).length, 1 + 23);
  });

  test('a new device type exports in every format with its extra columns', () => {
    for (const format of ['json', 'modbus-csv', 'ede', 'zinc', 'trio']) {
      const { code, stdout, stderr } = pointyard('profile', 'export', NEW_DEVICE, '-f', format);
      assert.equal(code, 0, `${format}: ${stderr}`);
      assert.ok(stdout.length > 0, format);
    }
    const json = JSON.parse(pointyard('profile', 'export', NEW_DEVICE, '-f', 'json').stdout);
    const energy = json.points.find((p: { id: string }) => p.id === 'heat-meter-energy');
    assert.deepEqual(energy.protocols, { 'M-Bus': 'Primary 12, VIF Energy MWh' });
    const trio = pointyard('profile', 'export', NEW_DEVICE, '-f', 'trio').stdout;
    assert.match(trio, /knx: "1\/1\/1 \(DPT 9\.001\)"/);
    assert.match(trio, /mBus: "Primary 12, VIF Energy MWh"/);
  });

  test('an unknown id or format is a usage error', () => {
    const unknown = pointyard('profile', 'export', 'no-such-profile', '-f', 'json');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /'no-such-profile' is neither a file nor a built-in profile id/);
    const format = pointyard('profile', 'export', 'dhw-tank', '-f', 'xml');
    assert.notEqual(format.code, 0);
    assert.match(format.stderr, /Allowed choices are json, zinc, trio, modbus-csv, ede/);
  });

  test('a bad file exports nothing', () => {
    const { code, stdout, stderr } = pointyard(
      'profile',
      'export',
      'test/fixtures/broken/bad-range.md',
      '-f',
      'json',
    );
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.match(stderr, /bad-range\.md:11: cannot read range '0-cent'/);
  });
});
