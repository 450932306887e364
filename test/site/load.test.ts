import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import { formatDiagnostic } from '../../src/points/diagnostics.js';
import { modbusSourceOf } from '../../src/protocols/modbus/device-source.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { loadSite, loadSiteText, resolveSiteArg } from '../../src/site/load.js';
import type { Site } from '../../src/site/model.js';

const FIXTURES = 'test/fixtures/sites';
const GATE = resolve(FIXTURES, 'gate.md');
const HEAD = 'site: {id: test, name: Test, tz: Europe/Paris}\n';

/** Loads site text as if it were a file in the fixtures folder; fails the test on any error. */
function load(text: string): Site {
  const { site, diagnostics } = loadSiteText(text, 'site.yaml', FIXTURES, PROTOCOLS);
  assert.ok(site, diagnostics.map(formatDiagnostic).join('\n'));
  return site;
}

const numbers = (site: Site) => site.devices.map((d) => [d.id, d.numbers.modbus, d.numbers.bacnet]);

describe('loadSite: the smallest file', () => {
  test('loads with every default', () => {
    const { site, diagnostics } = loadSite(`${FIXTURES}/smallest.yaml`, PROTOCOLS);
    assert.deepEqual(diagnostics, []);
    assert.ok(site);
    const [gate] = site.devices;
    assert.equal(gate?.profile.id, 'gate');
    assert.deepEqual(
      { ...site, devices: site.devices.map(({ profile: _profile, ...rest }) => rest) },
      {
        site: { id: 'test', name: 'Test', tz: 'Europe/Paris', location: null },
        devices: [
          {
            id: 'gate-1',
            name: 'Gate #1',
            profileRef: GATE,
            parameters: {},
            source: { kind: 'sim' },
            numbers: { modbus: 1, bacnet: 1000 },
            faults: [],
          },
        ],
        server: {},
        store: { engine: 'sqlite', path: null },
        file: `${FIXTURES}/smallest.yaml`,
      },
    );
  });

  test('scripted faults: at an offset or a time, with or without a duration', () => {
    const { site, diagnostics } = loadSite(`${FIXTURES}/faults.yaml`, PROTOCOLS);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(site?.devices[0]?.faults, [
      { fault: 'communication', at: { afterMs: 3_600_000 }, durationMs: 1_800_000 },
      { fault: 'communication', at: { time: Date.UTC(2026, 0, 5, 12) }, durationMs: null },
    ]);
  });

  test("scripted fault names are checked by the lookup the caller hands over (the behaviours' registry)", () => {
    const text = `${HEAD}devices:\n  - id: t\n    profile: ./gate.md\n    faults:\n      - {fault: meltdown, at: +1h}\n`;
    const asked: string[] = [];
    const faultNames = (profileId: string, parameters: Record<string, unknown>) => {
      asked.push(`${profileId} ${JSON.stringify(parameters)}`);
      return ['jam', 'offline'];
    };
    const checked = loadSiteText(text, 'site.yaml', FIXTURES, PROTOCOLS, { faultNames });
    assert.equal(checked.site, null);
    assert.deepEqual(checked.diagnostics.map(formatDiagnostic), [
      "site.yaml:6: device 't': unknown fault 'meltdown' (this device's faults: jam, offline)",
    ]);
    assert.deepEqual(asked, ['gate {}']);
    const unchecked = loadSiteText(text, 'site.yaml', FIXTURES, PROTOCOLS);
    assert.deepEqual(unchecked.site?.devices[0]?.faults, [
      { fault: 'meltdown', at: { afterMs: 3_600_000 }, durationMs: null },
    ]);
  });

  test('an unreadable site file is an error at line 1', () => {
    const { site, diagnostics } = loadSite('no/such/site.yaml', PROTOCOLS);
    assert.equal(site, null);
    assert.deepEqual(diagnostics.map(formatDiagnostic), ['no/such/site.yaml:1: cannot read: no such file']);
  });
});

describe('loadSite: the demo site', () => {
  const file = resolveSiteArg('demo');
  const { site, diagnostics } = loadSite(file ?? '', PROTOCOLS);

  test('`demo` names sites/demo.yaml, which loads without a warning', () => {
    assert.equal(file, 'sites/demo.yaml');
    assert.deepEqual(diagnostics, []);
    assert.ok(site);
    assert.equal(site.site.tz, 'Europe/Paris');
  });

  test('has the parking server, 4 chargers, 2 level sensors, a DHW tank and 6 PIR detectors', () => {
    const byProfile = new Map<string, number>();
    for (const d of site?.devices ?? []) byProfile.set(d.profile.id, (byProfile.get(d.profile.id) ?? 0) + 1);
    assert.deepEqual(Object.fromEntries(byProfile), {
      'parking-management-server': 1,
      'ev-charger-level-2': 4,
      'level-sensor': 2,
      'dhw-tank': 1,
      'pir-detector': 6,
    });
    assert.equal(site?.devices[0]?.id, 'parking-server');
    assert.equal(site?.devices[0]?.parameters.capacity, 420);
  });

  test('every device has a distinct Modbus unit and BACnet instance', () => {
    const devices = site?.devices ?? [];
    assert.equal(new Set(devices.map((d) => d.numbers.modbus)).size, devices.length);
    assert.equal(new Set(devices.map((d) => d.numbers.bacnet)).size, devices.length);
    assert.ok(devices.every((d) => typeof d.numbers.modbus === 'number'));
  });
});

describe('loadSite: the gateway example', () => {
  test('reads each demo device from the demo Modbus server by its unit; fleets number their units', () => {
    const demo = loadSite('sites/demo.yaml', PROTOCOLS).site;
    const { site, diagnostics } = loadSite('sites/demo-gateway.yaml', PROTOCOLS);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(
      site?.devices.map((d) => {
        const source = modbusSourceOf(d);
        return [d.id, source ? `${source.port}/${source.unit}` : null];
      }),
      demo?.devices.map((d) => [d.id, `5020/${d.numbers.modbus}`]),
    );
  });
});

describe('loadSite: fleets', () => {
  test('a count expands into numbered ids and names, from 1 by default', () => {
    const site = load(
      `${HEAD}devices:\n  - {id: "charger-{n}", count: 3, name: "Charger {n}", profile: ev-charger-level-2}\n`,
    );
    assert.deepEqual(
      site.devices.map((d) => [d.id, d.name]),
      [
        ['charger-1', 'Charger 1'],
        ['charger-2', 'Charger 2'],
        ['charger-3', 'Charger 3'],
      ],
    );
  });

  test('zero-padding and start', () => {
    const site = load(`${HEAD}devices:\n  - {id: "pir-{n:03}", count: 2, start: 9, profile: pir-detector}\n`);
    assert.deepEqual(
      site.devices.map((d) => [d.id, d.name]),
      [
        ['pir-009', 'PIR Detector #009'],
        ['pir-010', 'PIR Detector #010'],
      ],
    );
  });

  test('each device of a fleet has its own copy of the parameters', () => {
    const site = load(
      `${HEAD}devices:\n  - {id: "t-{n}", count: 2, profile: dhw-tank, parameters: {volumeL: 300}}\n`,
    );
    const [a, b] = site.devices;
    assert.deepEqual(a?.parameters, { volumeL: 300 });
    assert.notEqual(a?.parameters, b?.parameters);
  });

  test('a profile named by many devices is parsed once', () => {
    const site = load(
      `${HEAD}devices:\n  - {id: "g-{n}", count: 3, profile: ./gate.md}\n  - {id: g-9, profile: gate.md}\n  - {id: c-1, profile: ev-charger-level-2}\n  - {id: c-2, profile: ev-charger-level-2}\n`,
    );
    const [g1, g2, g3, g9, c1, c2] = site.devices;
    assert.ok(g1?.profile === g2?.profile && g2?.profile === g3?.profile && g3?.profile === g9?.profile);
    assert.equal(c1?.profile, c2?.profile);
    assert.equal(g9?.profileRef, GATE);
    assert.equal(c1?.profileRef, 'ev-charger-level-2');
  });
});

describe('loadSite: automatic numbering', () => {
  test('explicit numbers are kept, the others take the lowest free ones in device order', () => {
    const site = load(
      `${HEAD}devices:\n` +
        '  - {id: a, profile: ./gate.md}\n' +
        '  - {id: b, profile: ./gate.md, modbusUnit: 1, bacnetInstance: 1001}\n' +
        '  - {id: c, profile: ./gate.md}\n' +
        '  - {id: d, profile: ./gate.md, bacnetInstance: 5}\n',
    );
    assert.deepEqual(numbers(site), [
      ['a', 2, 1000],
      ['b', 1, 1001],
      ['c', 3, 1002],
      ['d', 4, 5],
    ]);
  });

  test('a fleet with explicit numbers takes consecutive ones from them', () => {
    const site = load(
      `${HEAD}devices:\n  - {id: "c-{n}", count: 3, profile: ./gate.md, modbusUnit: 10, bacnetInstance: 4001}\n  - {id: x, profile: ./gate.md}\n`,
    );
    assert.deepEqual(numbers(site), [
      ['c-1', 10, 4001],
      ['c-2', 11, 4002],
      ['c-3', 12, 4003],
      ['x', 1, 1000],
    ]);
  });

  test('site.bacnetBase moves the first automatic instance', () => {
    const site = load(
      'site: {id: t, name: T, tz: UTC, bacnetBase: 20000}\ndevices: [{id: a, profile: ./gate.md}, {id: b, profile: ./gate.md}]\n',
    );
    assert.deepEqual(numbers(site), [
      ['a', 1, 20000],
      ['b', 2, 20001],
    ]);
  });

  test('the same file gives the same numbers; appending devices changes none of them', () => {
    const body =
      `${HEAD}devices:\n` +
      '  - {id: a, profile: ./gate.md, modbusUnit: 3}\n' +
      '  - {id: "f-{n}", count: 4, profile: ./gate.md}\n' +
      '  - {id: b, profile: ./gate.md, bacnetInstance: 1002}\n';
    const before = numbers(load(body));
    assert.deepEqual(numbers(load(body)), before);
    const appended = load(
      `${body}  - {id: c, profile: ./gate.md}\n  - {id: "g-{n}", count: 2, profile: ./gate.md}\n`,
    );
    assert.deepEqual(numbers(appended).slice(0, before.length), before);
    assert.deepEqual(numbers(appended).slice(before.length), [
      ['c', 7, 1006],
      ['g-1', 8, 1007],
      ['g-2', 9, 1008],
    ]);
  });

  test('past 247 devices the others have no Modbus unit, with one warning', () => {
    const { site, diagnostics } = loadSiteText(
      `${HEAD}devices:\n  - {id: x, profile: ./gate.md}\n  - {id: "g-{n}", count: 249, profile: ./gate.md}\n`,
      'big.yaml',
      FIXTURES,
      PROTOCOLS,
    );
    assert.ok(site);
    assert.equal(site.devices.length, 250);
    assert.equal(site.devices[246]?.numbers.modbus, 247);
    assert.deepEqual(
      site.devices.slice(247).map((d) => d.numbers.modbus),
      [null, null, null],
    );
    assert.equal(site.devices[249]?.numbers.bacnet, 1249);
    assert.deepEqual(diagnostics.map(formatDiagnostic), [
      "big.yaml:4: warning: 3 devices have no Modbus unit from 'g-247' on: Modbus has 247 unit ids",
    ]);
  });
});

describe('loadSite: the other sections', () => {
  test('location, server settings as written, and a store path relative to the site file', () => {
    const site = load(
      'site:\n  id: t\n  name: T\n  tz: europe/paris\n  location: {latitude: 45.74, longitude: 4.82, address: Lyon}\n' +
        'devices: [{id: a, profile: ./gate.md, source: {kind: sim}, parameters: {capacity: 420}}]\n' +
        'server:\n  http: {port: 8080, host: 127.0.0.1}\n  modbus:\n  custom-protocol: {anything: [1, 2]}\n' +
        'store: {engine: sqlite, path: ./data}\n',
    );
    assert.deepEqual(site.site, {
      id: 't',
      name: 'T',
      tz: 'Europe/Paris',
      location: { latitude: 45.74, longitude: 4.82, address: 'Lyon' },
    });
    assert.deepEqual(site.server, {
      http: { port: 8080, host: '127.0.0.1' },
      modbus: {},
      'custom-protocol': { anything: [1, 2] },
    });
    assert.deepEqual(site.store, { engine: 'sqlite', path: resolve(FIXTURES, 'data') });
    assert.deepEqual(site.devices[0]?.parameters, { capacity: 420 });
  });

  test('empty optional sections are the same as absent ones', () => {
    const site = load(`${HEAD}devices: [{id: a, profile: ./gate.md, parameters: }]\nserver:\nstore:\n`);
    assert.deepEqual(
      [site.server, site.store, site.devices[0]?.parameters],
      [{}, { engine: 'sqlite', path: null }, {}],
    );
  });

  test('names: as written, else the profile name numbered by the id', () => {
    const site = load(
      `${HEAD}devices:\n  - {id: main-gate, profile: ./gate.md}\n  - {id: gate-12, profile: ./gate.md}\n  - {id: g, profile: ./gate.md, name: North Gate}\n`,
    );
    assert.deepEqual(
      site.devices.map((d) => d.name),
      ['Gate', 'Gate #12', 'North Gate'],
    );
  });

  test('a points list with warnings loads, its warnings reported after the site file', () => {
    const text = `${HEAD}devices: [{id: a, profile: ../good/warnings-only.md}, {id: b, profile: ../good/warnings-only.md}]\n`;
    const { site, diagnostics } = loadSiteText(text, 'site.yaml', FIXTURES, PROTOCOLS);
    assert.ok(site);
    assert.ok(diagnostics.length > 0);
    assert.ok(
      diagnostics.every((d) => d.severity === 'warning' && d.file === 'test/fixtures/good/warnings-only.md'),
    );
    const once = new Set(diagnostics.map(formatDiagnostic));
    assert.equal(once.size, diagnostics.length, 'each warning once, though two devices use the list');
  });
});

describe('resolveSiteArg', () => {
  test('a file path as given, a built-in site by name, else null', () => {
    assert.equal(resolveSiteArg(`${FIXTURES}/smallest.yaml`), `${FIXTURES}/smallest.yaml`);
    assert.equal(resolveSiteArg('demo'), 'sites/demo.yaml');
    assert.equal(resolveSiteArg('no-such-site'), null);
    assert.equal(resolveSiteArg('../etc/passwd-like'), null);
  });
});
