// The corpus of broken site files: one file per kind of error, each rejected with exactly the
// `file:line: message` a person needs, and nothing loaded from it.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, test } from 'node:test';
import { behaviourFaultNames } from '../../src/behaviours/registry.js';
import { formatDiagnostic } from '../../src/points/diagnostics.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { loadSite } from '../../src/site/load.js';

const DIR = 'test/fixtures/sites/broken';
const BUILTINS =
  'built-in profiles: parking-management-server, ev-charger-level-2, level-sensor, dhw-tank, pir-detector; or a points-list file such as ./my-device.md';

/** Expected diagnostics by file name; `@` stands for the file itself, other paths are given in full. */
const EXPECTED: Record<string, string[]> = {
  'yaml-syntax': ['@:2: YAML: Flow map in block collection must be sufficiently indented and end with a }'],
  'duplicate-key': ["@:5: YAML: key 'profile' appears twice in the same mapping"],
  'missing-site': ["@:2: missing 'site' (the site's id, name and tz)"],
  empty: ["@:1: the site file is empty: it needs a 'site' and a 'devices' section"],
  'bad-tz': [
    "@:4: site: unknown time zone 'Europe/Pariss' (expected an IANA zone name such as Europe/Paris, America/New_York or UTC)",
  ],
  'duplicate-id': ["@:5: duplicate device id 'gate-1' (already at line 3)"],
  'bad-faults': [
    "@:6: device 'tank-1': unknown fault 'meltdown' (this device's faults: sensor-failure, communication)",
    "@:7: device 'tank-1': cannot read 'tomorrow': expected an ISO 8601 date-time or +<duration>",
    "@:8: device 'tank-1': cannot read duration 'a while' (e.g. 30min, 2h)",
  ],
  'duplicate-fleet-id': ["@:4: duplicate device id 'gate-3' (already at line 3)"],
  'duplicate-unit': ["@:8: Modbus unit 5 of 'gate-2' is already used by 'gate-1' (line 5)"],
  'duplicate-instance': ["@:4: BACnet instance 2003 of 'gate-1' is already used by 'charger-3' (line 3)"],
  'unknown-profile': [`@:4: device 'charger-1': unknown profile 'ev-charger-level-3' (${BUILTINS})`],
  'missing-profile-file': [
    `@:4: device 'gate-1': cannot read profile './no-such-gate.md': no such file (${BUILTINS})`,
  ],
  'bad-profile-file': [
    `@:3: device 'gate-1': profile './broken-gate.md' is not a valid points list: 2 errors in ${DIR}/broken-gate.md`,
    `@:4: device 'gate-2': profile './broken-gate.md' is not a valid points list: 2 errors in ${DIR}/broken-gate.md`,
    `${DIR}/broken-gate.md:4: Synthèse declares 2 mesure points but the table lists 1`,
    `${DIR}/broken-gate.md:11: cannot read frequency 'souvent' of 'Vehicle Count' (expected e.g. 100ms, 1s, 5min, 1h, Sur demande, Sur événement)`,
  ],
  'bad-id-pattern': [
    "@:3: device id 'Gate 1' is not valid: use lower-case letters, digits and '-', starting with a letter or digit, e.g. 'gate-1'",
  ],
  'fleet-without-n': ["@:3: device 'charger': a fleet (count: 4) needs {n} in its id, e.g. 'charger-{n}'"],
  'n-without-count': [
    "@:3: device 'charger-{n}': {n} in an id numbers a fleet and needs a count (e.g. count: 4)",
  ],
  'unit-out-of-range': ["@:5: device 'gate-1': modbusUnit 248 is out of range (1 to 247)"],
  'fleet-out-of-range': [
    "@:6: device 'charger-{n}': a fleet of 4 from modbusUnit 245 runs past 247 (the last would be 248)",
  ],
  'unknown-source': [
    "@:5: device 'gate-1': unknown source 'replay' (expected sim, modbus, bacnet, ocpp or a modbus-tcp://, bacnet:// or ocpp:// URL)",
  ],
  'source-not-available': [
    "@:5: device 'gate-1': source 'haystack' is not available yet: only 'sim', 'modbus', 'bacnet' and 'ocpp' devices run in this version",
  ],
  'unknown-field': [
    "@:1: site: unknown field 'timezone' (expected id, name, tz, location, bacnetBase)",
    "@:5: device 'gate-1': unknown field 'modbus_unit' (did you mean 'modbusUnit'?)",
    "@:6: device 'gate-1': unknown field 'colour' (expected id, profile, name, count, start, parameters, source, modbusUnit, bacnetInstance, faults)",
  ],
  'wrong-types': [
    '@:4: site: tz must be text, not the number 1 (put it in quotes)',
    "@:5: site: location.latitude must be a number, not the text 'north'",
    '@:7: device #1: id must be text, not the number 1 (put it in quotes)',
    "@:9: device #1: count must be a whole number, not the text 'four'",
    '@:10: device #1: parameters must be a mapping, not a list',
    "@:11: device #1: modbusUnit must be a whole number, not the text '5'",
    '@:13: server: http must be a mapping, not the number 8080',
    "@:14: store must be a mapping, not the text './data'",
  ],
  'many-errors': [
    "@:4: site: unknown time zone 'Mars/Olympus' (expected an IANA zone name such as Europe/Paris, America/New_York or UTC)",
    "@:7: duplicate device id 'gate-1' (already at line 6)",
    `@:8: device 'pump-1': unknown profile 'pump' (${BUILTINS})`,
    "@:9: device 'charger-{n}': count 0 is out of range (1 to 10000)",
  ],
};

describe('broken site files', () => {
  test('every file of the corpus has its expectation', () => {
    const files = readdirSync(DIR)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => f.slice(0, -'.yaml'.length));
    assert.deepEqual(files.sort(), Object.keys(EXPECTED).sort());
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    test(name, () => {
      const file = `${DIR}/${name}.yaml`;
      const { site, diagnostics } = loadSite(file, PROTOCOLS, { faultNames: behaviourFaultNames });
      assert.equal(site, null, 'nothing is loaded from a bad file');
      assert.deepEqual(
        diagnostics.map(formatDiagnostic),
        expected.map((e) => e.replace(/^@/, file)),
      );
    });
  }
});
