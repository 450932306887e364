// A BACnet source as the site file writes it: by URL or mapping, with its defaults, routed or on the IP
// network, refused with a message for the `source` line, numbered through a fleet, described back.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { bacnetSourceSupport } from '../../src/protocols/bacnet/device-source.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { BUILTIN_SITES_DIR, loadSiteText } from '../../src/site/load.js';
import { readSource as readWith } from '../../src/site/source.js';

const readSource = (raw: unknown) => readWith(raw, PROTOCOLS);

const DEFAULTS = {
  port: 47808,
  dnet: null,
  dadr: null,
  priority: 16,
  timeoutMs: 1000,
  pollMs: 1000,
  tz: 'UTC',
  cov: true,
  maxApdu: 1476,
  whoIs: false,
};

describe('a BACnet source, read by the site file with the registry', () => {
  test('a device on the IP network by URL or mapping, with defaults', () => {
    const expected = { kind: 'bacnet', settings: { host: '192.0.2.1', instance: 1201, ...DEFAULTS } };
    assert.deepEqual(readSource('bacnet://192.0.2.1/1201').source, expected);
    assert.deepEqual(readSource({ kind: 'bacnet', host: '192.0.2.1', instance: 1201 }).source, expected);
  });

  test('a routed device with dnet and dadr, priority, timeouts and zone', () => {
    const url =
      'bacnet://192.0.2.1:47809/1003?dnet=2&dadr=000003EB&priority=12&timeoutMs=250&pollMs=500&tz=Europe/Paris';
    assert.deepEqual(readSource(url).source, {
      kind: 'bacnet',
      settings: {
        host: '192.0.2.1',
        port: 47809,
        instance: 1003,
        dnet: 2,
        dadr: '000003eb',
        priority: 12,
        timeoutMs: 250,
        pollMs: 500,
        tz: 'Europe/Paris',
        cov: true,
        maxApdu: 1476,
        whoIs: false,
      },
    });
  });

  test('bad BACnet settings say which and why', () => {
    const problem = (raw: unknown) => readSource(raw).problem ?? '';
    assert.match(problem('bacnet://h'), /names the device instance as its path/);
    assert.match(problem('bacnet://h/x'), /names the device instance as its path/);
    assert.equal(problem('bacnet://h/4194303'), 'source bacnet: instance must be 0–4194302 (got 4194303)');
    assert.equal(problem({ kind: 'bacnet', instance: 1 }), 'source bacnet needs a host');
    assert.match(problem('bacnet://h/1?dnet=2'), /dnet and dadr go together/);
    assert.match(problem('bacnet://h/1?dadr=01'), /dnet and dadr go together/);
    assert.match(problem('bacnet://h/1?dnet=2&dadr=xyz'), /dadr must be 1–8 octets in hex/);
    assert.match(problem('bacnet://h/1?dnet=65535&dadr=01'), /dnet must be 1–65534/);
    assert.match(problem('bacnet://h/1?priority=6'), /priority must be 1–16 but 6/);
    assert.match(problem('bacnet://h/1?priority=17'), /priority must be 1–16 but 6/);
    assert.match(problem('bacnet://h/1?timeoutMs=1'), /timeoutMs/);
    assert.match(problem('bacnet://h/1?tz=Mars/Olympus'), /tz must be an IANA time zone/);
    assert.equal(
      problem('bacnet://h/1?unit=2'),
      "source bacnet: unknown setting 'unit' (takes host, port, instance, dnet, dadr, priority, timeoutMs, pollMs, tz, cov, maxApdu, whoIs, staleMs, disabled)",
    );
  });

  test('COV subscriptions on or off, the largest APDU the requests accept, and Who-Is to find the device', () => {
    const settings = (raw: unknown) => {
      const source = readSource(raw).source;
      return source && 'settings' in source ? (source.settings as { cov: boolean; maxApdu: number }) : null;
    };
    assert.equal(settings('bacnet://h/1?cov=false')?.cov, false);
    assert.equal(settings({ kind: 'bacnet', host: 'h', instance: 1, cov: false })?.cov, false);
    assert.equal(settings('bacnet://h/1?maxApdu=128')?.maxApdu, 128);
    assert.equal((settings('bacnet://h/1?whoIs=true') as { whoIs?: boolean } | null)?.whoIs, true);
    const problem = (raw: unknown) => readSource(raw).problem ?? '';
    assert.equal(problem('bacnet://h/1?cov=maybe'), 'source bacnet: cov must be true or false (got maybe)');
    assert.equal(
      problem('bacnet://h/1?maxApdu=100'),
      'source bacnet: maxApdu must be one of 50, 128, 206, 480, 1024, 1476 (got 100)',
    );
    assert.equal(
      problem('bacnet://h/1?whoIs=true&dnet=2&dadr=01'),
      'source bacnet: whoIs finds dnet and dadr: write one or the other',
    );
  });

  test("the connector's settings ride along: staleMs and disabled", () => {
    const source = readSource('bacnet://h/1?staleMs=10000&disabled=true').source;
    assert.ok(source && 'settings' in source);
    assert.equal(source.staleMs, 10_000);
    assert.equal(source.disabled, true);
  });

  test('described as a person writes it', () => {
    const settings = { host: '10.0.0.7', instance: 7, ...DEFAULTS };
    assert.equal(bacnetSourceSupport.describe(settings), 'bacnet://10.0.0.7:47808/7');
    assert.equal(
      bacnetSourceSupport.describe({ ...settings, dnet: 2, dadr: '00000007' }),
      'bacnet://10.0.0.7:47808/7?dnet=2&dadr=00000007',
    );
  });

  test('a fleet: each device the next instance, and behind a router the next MAC address', () => {
    const { site, diagnostics } = loadSiteText(
      [
        'site: {id: test, name: Test, tz: Europe/Paris}',
        'devices:',
        '  - id: charger-{n}',
        '    count: 3',
        '    profile: ev-charger-level-2',
        "    source: 'bacnet://10.0.0.7/1003?dnet=2&dadr=000003eb'",
      ].join('\n'),
      'fleet.yaml',
      BUILTIN_SITES_DIR,
      PROTOCOLS,
    );
    assert.deepEqual(diagnostics, []);
    const settings = site?.devices.map((d) => 'settings' in d.source && d.source.settings);
    assert.deepEqual(
      settings?.map((s) => s && [(s as { instance: number }).instance, (s as { dadr: string }).dadr]),
      [
        [1003, '000003eb'],
        [1004, '000003ec'],
        [1005, '000003ed'],
      ],
    );
  });

  test('property: what describe writes reads back the same; any text after bacnet:// is read or refused, never thrown', () => {
    const routed = fc.option(
      fc.record({
        dnet: fc.integer({ min: 1, max: 65_534 }),
        dadr: fc.uint8Array({ minLength: 1, maxLength: 8 }),
      }),
      { nil: null },
    );
    fc.assert(
      fc.property(
        fc.ipV4(),
        fc.integer({ min: 1, max: 65_535 }),
        fc.integer({ min: 0, max: 4_194_302 }),
        routed,
        (host, port, instance, route) => {
          const settings = {
            ...DEFAULTS,
            host,
            port,
            instance,
            dnet: route?.dnet ?? null,
            dadr: route ? Buffer.from(route.dadr).toString('hex') : null,
          };
          assert.deepEqual(readSource(bacnetSourceSupport.describe(settings)).source, {
            kind: 'bacnet',
            settings,
          });
        },
      ),
    );
    fc.assert(
      fc.property(fc.string(), (tail) => {
        const reading = readSource(`bacnet://${tail}`);
        assert.ok(reading.source !== null || (reading.problem ?? '').length > 0, tail);
      }),
    );
  });
});
