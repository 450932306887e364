// Property tests of the points-list parser and its exports.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { HGrid, TrioReader, ZincReader } from 'haystack-core';
import { exportJson, importJson } from '../../src/points/exports/json.js';
import { builtinProfiles } from '../../src/points/load.js';
import type { Profile } from '../../src/points/model.js';
import { parsePointsList } from '../../src/points/parse.js';
import { bacnetAddressOf } from '../../src/protocols/bacnet/bacnet-address.js';
import {
  exportTrio,
  exportZinc,
  haystackRecords,
  pointRecord,
} from '../../src/protocols/haystack/point-records.js';
import { modbusAddressOf } from '../../src/protocols/modbus/modbus-address.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { damage, lineEdits } from '../support/damage.js';
import { pointsListArbitrary } from './generate.js';

const SEED_TEXTS = builtinProfiles(PROTOCOLS).map((l) => readFileSync(l.file, 'utf8'));

/** A seed document with random line-level damage: lines dropped, doubled, swapped or overwritten. */
const damagedSeed = fc
  .tuple(fc.constantFrom(...SEED_TEXTS), lineEdits(6, fc.string({ unit: 'grapheme' })))
  .map(([text, edits]) => damage(text, edits));

/** Checks that hold for any input: no throw, lines in range, a profile exactly when there is no error. */
function checkAnyParse(text: string): void {
  const result = parsePointsList(text, 'doc.md', PROTOCOLS);
  const lineCount = text.split(/\r\n|\r|\n/).length;
  for (const d of result.diagnostics) {
    assert.ok(d.line >= 1 && d.line <= lineCount, `line ${d.line} outside 1..${lineCount}: ${d.message}`);
    assert.ok(d.message.length > 0);
  }
  const hasError = result.diagnostics.some((d) => d.severity === 'error');
  assert.equal(result.profile === null, hasError);
}

/** Every BACnet object unique per type, and no two points sharing a Modbus register or bit. */
function checkAddressesUnique(profile: Profile): void {
  const objects = new Set<string>();
  const registers = new Set<string>();
  for (const p of profile.points) {
    const b = bacnetAddressOf(p);
    const m = modbusAddressOf(p);
    const object = `${b.type}${b.instance}`;
    assert.ok(!objects.has(object), `BACnet ${object} used twice`);
    objects.add(object);
    for (let a = m.address; a < m.address + m.count; a++) {
      const key = `${m.table}:${a}`;
      assert.ok(!registers.has(key), `Modbus ${key} used twice`);
      registers.add(key);
    }
  }
}

describe('parser properties', () => {
  test('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 2000 }), checkAnyParse), { numRuns: 500 });
  });

  test('never throws on Markdown-shaped noise', () => {
    const line = fc.oneof(
      fc.constantFrom(
        '# Points de X',
        '## Synthèse',
        '## Points de Mesure',
        "## Points d'État",
        '## Mappings',
        '|---|---|',
        '',
      ),
      fc.array(fc.string({ maxLength: 12 }), { maxLength: 8 }).map((cells) => `| ${cells.join(' | ')} |`),
      fc.string({ maxLength: 40 }).map((s) => `- **Total points mesure** : ${s}`),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 60 }), (lines) => checkAnyParse(lines.join('\n'))),
      { numRuns: 500 },
    );
  });

  test('never throws on damaged seeds, and reports each problem on a real line', () => {
    fc.assert(fc.property(damagedSeed, checkAnyParse), { numRuns: 300 });
  });

  test('generated valid lists load with every address unique', () => {
    fc.assert(
      fc.property(pointsListArbitrary, (text) => {
        const result = parsePointsList(text, 'generated.md', PROTOCOLS);
        const errors = result.diagnostics.filter((d) => d.severity === 'error');
        assert.deepEqual(errors, []);
        assert.ok(result.profile);
        checkAddressesUnique(result.profile);
      }),
      { numRuns: 200 },
    );
  });

  test('the seeds have unique addresses too', () => {
    for (const loaded of builtinProfiles(PROTOCOLS)) {
      assert.ok(loaded.profile, loaded.file);
      checkAddressesUnique(loaded.profile);
    }
  });
});

describe('Haystack point roles', () => {
  test('every point record is sensor, cmd or sp (seeds and generated lists); writable ones are never sensor only', () => {
    const check = (profile: Profile) => {
      for (const p of profile.points) {
        const r = pointRecord(profile, p, PROTOCOLS);
        assert.ok(r.has('sensor') || r.has('cmd') || r.has('sp'), `${profile.id}.${p.id}`);
        if (r.has('writable')) assert.ok(r.has('cmd') || r.has('sp'), `${profile.id}.${p.id} writable`);
      }
    };
    for (const { profile } of builtinProfiles(PROTOCOLS)) check(profile as Profile);
    fc.assert(
      fc.property(pointsListArbitrary, (text) =>
        check(parsePointsList(text, 'g.md', PROTOCOLS).profile as Profile),
      ),
      { numRuns: 100 },
    );
  });
});

describe('export round trips', () => {
  test('JSON export → import is lossless (generated lists)', () => {
    fc.assert(
      fc.property(pointsListArbitrary, (text) => {
        const profile = parsePointsList(text, 'generated.md', PROTOCOLS).profile;
        assert.ok(profile);
        const back = importJson(exportJson(profile), PROTOCOLS);
        assert.ok(back.ok, back.ok ? '' : back.errors.join('\n'));
        assert.deepEqual(back.profile, profile);
      }),
      { numRuns: 200 },
    );
  });

  test('JSON export → import is lossless (seeds)', () => {
    for (const { profile } of builtinProfiles(PROTOCOLS)) {
      assert.ok(profile);
      const back = importJson(exportJson(profile), PROTOCOLS);
      assert.ok(back.ok);
      assert.deepEqual(back.profile, profile);
    }
  });

  test('JSON import rejects a damaged profile with the path of the problem', () => {
    const profile = builtinProfiles(PROTOCOLS)[0]?.profile;
    assert.ok(profile);
    const damaged = JSON.parse(exportJson(profile));
    damaged.points[3].addresses.modbus.encoding = 'float64';
    delete damaged.points[4].unit;
    const back = importJson(JSON.stringify(damaged), PROTOCOLS);
    assert.equal(back.ok, false);
    assert.deepEqual(back.ok ? [] : back.errors, [
      'profile.points[3].addresses.modbus.encoding: expected one of bool, enum, uint16, int16, uint32, int32, float32, string, datetime',
      'profile.points[4].unit: missing',
    ]);
    assert.equal(importJson('{', PROTOCOLS).ok, false);
  });

  test('Zinc export reads back through haystack-core with the same records', () => {
    const check = (profile: Profile) => {
      const grid = ZincReader.readValue(exportZinc(profile, PROTOCOLS));
      assert.ok(grid instanceof HGrid);
      const expected = haystackRecords(profile, PROTOCOLS);
      assert.equal(grid.length, expected.length);
      // An empty display text is no display text.
      const plain = (json: Record<string, unknown>) =>
        JSON.parse(
          JSON.stringify(json, (k, v) =>
            k === 'dis' && typeof v === 'string' && v.length === 0 ? undefined : v,
          ),
        );
      grid.getRows().forEach((row, i) => {
        type Json = Record<string, { _kind?: string; val?: string; dis?: string }>;
        const want = expected[i]?.toJSON() as Json;
        const got = row.toJSON() as Json;
        for (const [tag, value] of Object.entries(want)) {
          // A Ref keeps its display name (Haxall's Zinc), unless it has none.
          if (value && typeof value === 'object' && value._kind === 'ref') {
            assert.equal(got[tag]?.val, value.val, tag);
            assert.equal(got[tag]?.dis || undefined, value.dis || undefined, `${tag} dis`);
          } else assert.deepEqual(plain(got)[tag], plain(want)[tag], tag);
        }
        assert.deepEqual(Object.keys(got).sort(), Object.keys(want).sort());
      });
    };
    for (const { profile } of builtinProfiles(PROTOCOLS)) check(profile as Profile);
    fc.assert(
      fc.property(pointsListArbitrary, (text) =>
        check(parsePointsList(text, 'g.md', PROTOCOLS).profile as Profile),
      ),
      { numRuns: 50 },
    );
  });

  test('Trio export reads back through haystack-core with the same records', () => {
    for (const { profile } of builtinProfiles(PROTOCOLS)) {
      assert.ok(profile);
      const dicts = TrioReader.readAllDicts(exportTrio(profile, PROTOCOLS));
      const expected = haystackRecords(profile, PROTOCOLS);
      assert.deepEqual(
        dicts.map((d) => d.toJSON()),
        expected.map((d) => d.toJSON()),
      );
    }
  });
});
