// The plug-in contract, the site file's part: a protocol defined here, in the test, adds a source (a
// `knx-ip://` URL or a `kind: knx` mapping), a device number (`knxLine`, automatic from `site.knxBase`) and
// a `server.knx` schema fragment, with no change to a core file. The site reader takes it from the plug-in
// list it is given; without the plug-in the same site is refused.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatDiagnostic } from '../../src/points/diagnostics.js';
import type { ProtocolPlugin } from '../../src/protocols/plugin.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { loadSiteText } from '../../src/site/load.js';
import type { Site } from '../../src/site/model.js';
import { siteSummary } from '../../src/site/summary.js';
import { wholeNumber } from '../../src/site/values.js';

interface KnxSource {
  host: string;
  port: number;
  /** The device's individual address, `area.line.device`. */
  address: string;
}

const KNX: ProtocolPlugin = {
  name: 'knx',
  title: 'KNXnet/IP',
  numbering: {
    field: 'knxLine',
    description: 'KNX line of the device.',
    what: 'KNX line',
    min: 1,
    max: 15,
    first: { siteField: 'knxBase', default: 1, description: 'First KNX line given automatically.' },
    whenFull: { severity: 'error', each: 'line' },
  },
  source: {
    schemes: ['knx-ip'],
    fields: ['host', 'port', 'address'],
    description: 'a KNXnet/IP device (`knx-ip://host:port?address=1.1.5`)',
    fromUrl: (url) => ({
      settings: {
        host: url.hostname,
        ...(url.port ? { port: url.port } : {}),
        ...Object.fromEntries(url.searchParams),
      },
    }),
    read(raw) {
      if (typeof raw.host !== 'string' || raw.host === '') return { problem: 'source knx needs a host' };
      const port = wholeNumber(raw.port ?? 3671, 1, 65_535);
      if (port === null) return { problem: `source knx: port must be 1–65535 (got ${String(raw.port)})` };
      if (typeof raw.address !== 'string' || !/^\d+\.\d+\.\d+$/.test(raw.address))
        return { problem: `source knx: address must be area.line.device (got ${String(raw.address)})` };
      return { settings: { host: raw.host, port, address: raw.address } satisfies KnxSource };
    },
    forFleet(settings, offset) {
      const s = settings as KnxSource;
      const [area, line, device] = s.address.split('.').map(Number);
      return { ...s, address: `${area}.${line}.${(device ?? 0) + offset}` };
    },
    describe: (settings) => {
      const s = settings as KnxSource;
      return `knx-ip://${s.host}:${s.port}?address=${s.address}`;
    },
  },
  serverSchema: {
    type: ['object', 'null'],
    additionalProperties: false,
    properties: { port: { type: 'integer', minimum: 1, maximum: 65535 } },
  },
};

const WITH_KNX = [...PROTOCOLS, KNX];

const GOOD = [
  'site: {id: t, name: T, tz: UTC, knxBase: 4}',
  'devices:',
  '  - {id: a, profile: ./gate.md, source: "knx-ip://10.0.0.9:3671?address=1.1.5", knxLine: 2}',
  '  - {id: "b-{n}", count: 2, profile: ./gate.md, source: {kind: knx, host: 10.0.0.10, address: 1.2.1}}',
  '  - {id: c, profile: ./gate.md}',
  'server:',
  '  knx: {port: 3671}',
  '',
].join('\n');

function load(text: string, plugins: readonly ProtocolPlugin[]) {
  const { site, diagnostics } = loadSiteText(text, 'site.yaml', 'test/fixtures/sites', plugins);
  return { site, messages: diagnostics.map(formatDiagnostic) };
}

describe('a site plug-in defined in a test', () => {
  test('its sources, numbers and server settings load as the plug-in reads them', () => {
    const { site, messages } = load(GOOD, WITH_KNX);
    assert.deepEqual(messages, []);
    assert.ok(site);
    assert.deepEqual(
      site.devices.map((d) => [d.id, d.source, d.numbers.knx]),
      [
        ['a', { kind: 'knx', settings: { host: '10.0.0.9', port: 3671, address: '1.1.5' } }, 2],
        ['b-1', { kind: 'knx', settings: { host: '10.0.0.10', port: 3671, address: '1.2.1' } }, 4],
        ['b-2', { kind: 'knx', settings: { host: '10.0.0.10', port: 3671, address: '1.2.2' } }, 5],
        ['c', { kind: 'sim' }, 6],
      ],
    );
    // The registry's numberings go on as before beside it.
    assert.deepEqual(
      site.devices.map((d) => [d.numbers.modbus, d.numbers.bacnet]),
      [
        [1, 1000],
        [2, 1001],
        [3, 1002],
        [4, 1003],
      ],
    );
    assert.deepEqual(site.server, { knx: { port: 3671 } });
    const summary = siteSummary(site as Site, WITH_KNX);
    assert.deepEqual(
      summary.devices.map((d) => [d.id, d.knxLine, d.source]),
      [
        ['a', 2, 'knx-ip://10.0.0.9:3671?address=1.1.5'],
        ['b-1', 4, 'knx-ip://10.0.0.10:3671?address=1.2.1'],
        ['b-2', 5, 'knx-ip://10.0.0.10:3671?address=1.2.2'],
        ['c', 6, 'sim'],
      ],
    );
  });

  test('its problems are reported at their lines, in its words', () => {
    const text = [
      'site: {id: t, name: T, tz: UTC}',
      'devices:',
      '  - {id: a, profile: ./gate.md, source: "knx-ip://10.0.0.9?address=north", knxLine: 3}',
      '  - {id: b, profile: ./gate.md, source: {kind: knx, host: h, address: 1.1.1, speed: 9}}',
      '  - {id: c, profile: ./gate.md, knxLine: 3}',
      '  - {id: d, profile: ./gate.md, knxLine: 16}',
      '  - {id: "e-{n}", count: 3, profile: ./gate.md, knxLine: 14}',
      'server:',
      '  knx: {port: 70000}',
      '',
    ].join('\n');
    const { site, messages } = load(text, WITH_KNX);
    assert.equal(site, null);
    assert.deepEqual(messages, [
      "site.yaml:3: device 'a': source knx: address must be area.line.device (got north)",
      "site.yaml:4: device 'b': source knx: unknown setting 'speed' (takes host, port, address, staleMs, disabled)",
      "site.yaml:5: KNX line 3 of 'c' is already used by 'a' (line 3)",
      "site.yaml:6: device 'd': knxLine 16 is out of range (1 to 15)",
      "site.yaml:7: device 'e-{n}': a fleet of 3 from knxLine 14 runs past 15 (the last would be 16)",
      'site.yaml:9: server: knx.port 70000 is out of range (1 to 65535)',
    ]);
  });

  test('running out of its numbers is the error it asks for', () => {
    const text =
      'site: {id: t, name: T, tz: UTC, knxBase: 15}\ndevices: [{id: "g-{n}", count: 2, profile: ./gate.md}]\n';
    const { site, messages } = load(text, WITH_KNX);
    assert.equal(site, null);
    assert.deepEqual(messages, [
      "site.yaml:2: no KNX line left for 'g-2': every line from knxBase 15 to 15 is taken",
    ]);
  });

  test('without the plug-in, the same site is refused', () => {
    const { site, messages } = load(GOOD, PROTOCOLS);
    assert.equal(site, null);
    assert.deepEqual(messages, [
      "site.yaml:1: site: unknown field 'knxBase' (expected id, name, tz, location, bacnetBase)",
      "site.yaml:3: device 'a': unknown field 'knxLine' (expected id, profile, name, count, start, parameters, source, modbusUnit, bacnetInstance, faults)",
      "site.yaml:3: device 'a': unknown source 'knx-ip://10.0.0.9:3671?address=1.1.5' (expected sim, modbus, bacnet, ocpp or a modbus-tcp://, bacnet:// or ocpp:// URL)",
      "site.yaml:4: device 'b-{n}': unknown source 'knx' (expected sim, modbus, bacnet, ocpp or a modbus-tcp://, bacnet:// or ocpp:// URL)",
    ]);
  });
});
