// The corpus of broken points lists: one document per kind of error, each rejected with exactly the
// `file:line: message` a person needs, and nothing loaded from it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { formatDiagnostic } from '../../src/points/diagnostics.js';
import { parsePointsList } from '../../src/points/parse.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';

const DIR = 'test/fixtures/broken';

const EXPECTED: Record<string, string[]> = {
  'missing-title': ['1: missing title: the document must start with `# Points de <Name>`'],
  'missing-section': ["1: missing section '## Points d'État'"],
  'missing-column': ["9: missing column 'Fréquence'"],
  'missing-separator': ['9: table header is not followed by a `|---|---|` separator line'],
  'wrong-cell-count': ['12: row has 5 cells but the header has 6'],
  'duplicate-point': ["18: duplicate point 'Speed' (same id 'speed' as line 12)"],
  'count-mismatch': ['4: Synthèse declares 3 mesure points but the table lists 2'],
  'bad-range': ["11: cannot read range '0-cent' of 'Flow' (expected e.g. 0-100, -25 à +50°C, 0,5-6)"],
  'bad-frequency': [
    "12: cannot read frequency 'souvent' of 'Speed' (expected e.g. 100ms, 1s, 5min, 1h, Sur demande, Sur événement)",
  ],
  'unknown-command-type': [
    "18: unknown type 'Toggle' of 'Speed Setpoint' (expected Analog, Binaire, Boolean, Enum, String or Timestamp)",
  ],
  'binary-three-words': [
    "17: binary 'Pump Enable' lists 3 words; expected one word (a momentary action) or two (ENABLE/DISABLE)",
  ],
  'unknown-bacnet-type': [
    "29: unknown BACnet object type 'XI' in 'XI0' (known: AI, AO, AV, BI, BO, BV, MSI, MSO, MSV, CSV, DTV)",
  ],
  'bacnet-type-mismatch': ["29: 'Flow': BACnet BI cannot carry a number point (use AI)"],
  'duplicate-bacnet': ["31: BACnet object AI0 of 'Speed' is already 'Flow' (line 29)"],
  'overlapping-modbus': ["31: Modbus 30001 of 'Speed' overlaps 30001 of 'Flow' (line 29)"],
  'unknown-mapped-point': ["31: mapping names unknown point 'Pressure'"],
  'number-on-coil': ["31: 'Speed Setpoint' at Modbus 00002: a coil holds booleans only, not a number point"],
  'range-too-wide': [
    "31: 'Speed' at Modbus 30002: range 0 to 999999 does not fit a uint16 register, even unscaled",
  ],
  'bad-modbus-reference': [
    "30: cannot read Modbus register '4000X' (expected e.g. 40001 or 40001-40002 (Float))",
  ],
  'many-errors': [
    '4: Synthèse declares 5 mesure points but the table lists 2',
    "11: cannot read range '0-cent' of 'Flow' (expected e.g. 0-100, -25 à +50°C, 0,5-6)",
    "23: Enum 'Pump Status' lists no values (expected e.g. LOW/MEDIUM/HIGH)",
    "29: '20001' names no Modbus table (0xxxx coil, 1xxxx discrete input, 3xxxx input, 4xxxx holding)",
  ],
};

describe('broken points lists', () => {
  for (const [name, expected] of Object.entries(EXPECTED)) {
    test(name, () => {
      const file = `${DIR}/${name}.md`;
      const result = parsePointsList(readFileSync(file, 'utf8'), file, PROTOCOLS);
      assert.equal(result.profile, null, 'nothing is loaded from a bad document');
      assert.deepEqual(
        result.diagnostics.map(formatDiagnostic),
        expected.map((e) => `${file}:${e}`),
      );
    });
  }

  test('the unbroken document they all come from loads with no diagnostics', () => {
    const file = 'test/fixtures/good/test-pump.md';
    const result = parsePointsList(readFileSync(file, 'utf8'), file, PROTOCOLS);
    assert.deepEqual(result.diagnostics, []);
    assert.equal(result.profile?.id, 'test-pump');
    assert.equal(result.profile?.localName, 'Pompe de test');
  });

  test('unknown units and tags are warnings, and the profile still loads', () => {
    const file = 'test/fixtures/good/warnings-only.md';
    const result = parsePointsList(readFileSync(file, 'utf8'), file, PROTOCOLS);
    assert.deepEqual(result.diagnostics.map(formatDiagnostic), [
      `${file}:11: warning: unknown unit 'furlong/fortnight': kept for display, no Haystack or protocol unit`,
      `${file}:11: warning: unknown Haystack tag 'gizmo'`,
    ]);
    assert.equal(result.profile?.points[0]?.unit, 'furlong/fortnight');
  });
});
