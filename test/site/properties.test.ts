// Property tests of the site loader: whatever the text, it never throws, every line it reports exists, a
// site comes back exactly when there is no error, and a loaded site keeps its uniqueness promises.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { loadSiteText } from '../../src/site/load.js';
import { damage, lineEdits } from '../support/damage.js';

const FIXTURES = 'test/fixtures/sites';
const DEMO = readFileSync('sites/demo.yaml', 'utf8');

function checkAnyLoad(text: string): void {
  const { site, diagnostics } = loadSiteText(text, 'site.yaml', FIXTURES, PROTOCOLS);
  const lineCount = text.split(/\r\n|\r|\n/).length;
  for (const d of diagnostics) {
    assert.ok(d.message.length > 0);
    if (d.file === 'site.yaml')
      assert.ok(d.line >= 1 && d.line <= lineCount, `line ${d.line} outside 1..${lineCount}: ${d.message}`);
  }
  assert.equal(
    site === null,
    diagnostics.some((d) => d.severity === 'error'),
  );
  if (!site) return;
  const ids = site.devices.map((d) => d.id);
  const units = site.devices.flatMap((d) => (d.numbers.modbus == null ? [] : [d.numbers.modbus]));
  const instances = site.devices.map((d) => d.numbers.bacnet);
  assert.equal(new Set(ids).size, ids.length, 'ids unique');
  assert.equal(new Set(units).size, units.length, 'Modbus units unique');
  assert.ok(
    instances.every((n) => typeof n === 'number'),
    'every device has a BACnet instance',
  );
  assert.equal(new Set(instances).size, instances.length, 'BACnet instances unique');
  assert.ok(units.every((u) => u >= 1 && u <= 247));
}

/** Words and numbers that mean something in a site file, so that generated files get past the first check. */
const KEYS = [
  'site',
  'devices',
  'server',
  'store',
  'id',
  'name',
  'tz',
  'location',
  'latitude',
  'longitude',
  'address',
  'bacnetBase',
  'profile',
  'count',
  'start',
  'parameters',
  'source',
  'kind',
  'modbusUnit',
  'bacnetInstance',
  'engine',
  'path',
  'http',
  'port',
];
const WORDS = [
  'sim',
  'modbus',
  'Europe/Paris',
  'Mars/Base',
  'dhw-tank',
  'pir-detector',
  './gate.md',
  './none.md',
  'gate-{n}',
  'pir-{n:03}',
  'Gate {n}',
  'gate-1',
  'Gate 1',
  'sqlite',
  '',
  '{n}',
];
const scalar = fc.oneof(
  fc.constantFrom(...WORDS),
  fc.constantFrom(-1, 0, 1, 2, 246, 247, 248, 1000, 4_194_302, 4_194_303, 2.5),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 8 }),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('mapping')),
  list: fc.array(tie('value'), { maxLength: 4 }),
  mapping: fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 5 })), tie('value'), {
    maxKeys: 6,
  }),
}));

/** Mostly `good`, now and then `bad` or any value: files that pass the first checks and break further on. */
function mostly<T>(good: fc.Arbitrary<T>, ...bad: unknown[]): fc.Arbitrary<unknown> {
  const wrong = bad.length > 0 ? fc.oneof(value, fc.constantFrom(...bad)) : value;
  return fc.oneof({ arbitrary: good, weight: 15 }, { arbitrary: wrong, weight: 1 });
}

/** A device close to a valid one: a single device or a fleet, with or without explicit numbers. */
const device = fc.oneof(
  fc.record(
    {
      id: mostly(fc.constantFrom('gate-1', 'gate-2', 'gate-3', 'tank'), 'Bad Id', 'g-{n}'),
      profile: mostly(fc.constantFrom('./gate.md', 'dhw-tank', 'pir-detector'), 'nope', './missing.md'),
      modbusUnit: mostly(fc.integer({ min: 1, max: 247 }), 0, 248),
      bacnetInstance: mostly(fc.integer({ min: 990, max: 1010 }), -1),
      source: mostly(fc.constantFrom('sim', { kind: 'sim' }), 'modbus', { kind: 'replay' }),
      parameters: mostly(fc.constant({ volumeL: 300 })),
    },
    { requiredKeys: ['id', 'profile'] },
  ),
  fc.record(
    {
      id: mostly(fc.constantFrom('f-{n}', 'p-{n:02}', 'g-{n}'), 'fleet'),
      count: mostly(fc.integer({ min: 1, max: 12 }), 0, 260),
      start: mostly(fc.integer({ min: 0, max: 3 }), -1),
      profile: mostly(fc.constantFrom('./gate.md', 'pir-detector')),
      modbusUnit: mostly(fc.integer({ min: 1, max: 247 })),
      name: mostly(fc.constantFrom('Gate {n}', 'Gate')),
    },
    { requiredKeys: ['id', 'count', 'profile'] },
  ),
);
const siteFile = fc.record(
  {
    site: mostly(
      fc.record({
        id: mostly(fc.constant('test'), 'Bad'),
        name: fc.constant('Test'),
        tz: mostly(fc.constantFrom('UTC', 'Europe/Paris'), 'Mars/Base'),
      }),
    ),
    devices: mostly(fc.array(device, { minLength: 1, maxLength: 5 })),
    server: mostly(fc.constant({ http: { port: 8080 } })),
    store: mostly(fc.constant({ engine: 'sqlite', path: './data' })),
  },
  { requiredKeys: ['site', 'devices'] },
);

/** The demo with random line-level damage: lines dropped, doubled, swapped or overwritten. */
const damagedDemo = lineEdits(5).map((edits) => damage(DEMO, edits));

describe('loadSiteText on any input', () => {
  test('arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), checkAnyLoad), { numRuns: 300 });
  });

  test('arbitrary YAML-ish mappings', () => {
    fc.assert(
      fc.property(value, (v) => checkAnyLoad(stringify(v))),
      { numRuns: 300 },
    );
  });

  test('site files close to valid ones', () => {
    fc.assert(
      fc.property(siteFile, (v) => checkAnyLoad(stringify(v))),
      { numRuns: 300 },
    );
  });

  test('the demo site, damaged', () => {
    fc.assert(fc.property(damagedDemo, checkAnyLoad), { numRuns: 200 });
  });
});
