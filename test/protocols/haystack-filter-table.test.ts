// Haystack filters on the demo site through the real `read` op: each filter against the exact set of record
// ids it must match. Expectations come from the site's points lists (the parsed profiles), not from the
// server's records, wherever that reads as clearly as a literal list.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { HDateTime, HDict, HGrid, HNum, HRef, HStr, type HVal, ZincReader } from 'haystack-core';
import type { Point } from '../../src/points/model.js';
import type { Device } from '../../src/site/model.js';
import { demoHaystack } from '../support/haystack-server.js';

const server = await demoHaystack();
after(() => server.close());

const S = server.site.site.id; // lyon-confluence
const devices = server.site.devices;
const equips = devices.map((d) => `@${S}.${d.id}`);
/** Every point of the site with its device, in site order (the order `read` answers in). */
const points = devices.flatMap((device) => device.profile.points.map((point) => ({ device, point })));
const allPoints = points.map(({ device, point }) => `@${S}.${device.id}.${point.id}`);
const where = (pred: (p: Point, d: Device) => boolean) =>
  points
    .filter(({ device, point }) => pred(point, device))
    .map(({ device, point }) => `@${S}.${device.id}.${point.id}`);
const has =
  (...tags: string[]) =>
  (p: Point) =>
    tags.every((t) => p.tags.includes(t));
/** Points-list units that have no Haystack unit: their records carry no `unit` tag. */
const NO_HAYSTACK_UNIT = new Set([null, 'count', '%/h']);

async function read(filter: string, limit?: number): Promise<string[]> {
  const row: Record<string, HVal> = { filter: HStr.make(filter) };
  if (limit !== undefined) row.limit = HNum.make(limit);
  const response = await server.fetch(`${server.url}read`, {
    method: 'POST',
    headers: { 'content-type': 'text/zinc' },
    body: HGrid.make({ rows: [HDict.make(row)] }).toZinc(),
  });
  assert.equal(response.status, 200);
  const grid = ZincReader.readValue(await response.text());
  assert.ok(grid instanceof HGrid, 'a Zinc grid');
  assert.ok(!grid.meta.has('err'), grid.meta.get('dis')?.toString());
  // Ids without their display names (a Zinc Ref carries it: `@id "dis"`).
  return grid.getRows().map((r) => {
    const id = r.get('id');
    return id instanceof HRef ? `@${id.value}` : '(no id)';
  });
}
const sorted = (ids: string[]) => [...ids].sort();

const TABLE: Array<[filter: string, expected: string[]]> = [
  // Bare markers, `not`, and/or with parentheses.
  ['site', [`@${S}`]],
  ['equip', equips],
  ['point', allPoints],
  ['temp', where(has('temp'))],
  // Text keeps no history: text points are not `his`.
  ['his', where((p) => p.kind !== 'command' && p.type !== 'string')],
  ['point and not his', where((p) => p.kind === 'command' || p.type === 'string')],
  ['not point', [`@${S}`, ...equips]],
  ['elec and power', where(has('elec', 'power'))],
  ['point and (level or volume) and not writable', where((p) => has('level')(p) || has('volume')(p))],
  [
    'sp or (cmd and kind=="Bool")',
    where((p) => has('sp')(p) || (has('cmd')(p) && ['bool', 'action'].includes(p.type))),
  ],
  // `and` binds tighter than `or`.
  ['sensor and temp or equip and profile=="dhw-tank"', [...where(has('sensor', 'temp')), `@${S}.dhw-tank`]],
  // Numbers: with units (chosen so that no unitless value would match either: see HAXALL_SEMANTICS below).
  ['maxVal == 32A', where((p) => p.unit === 'A' && p.max === 32)],
  ['minVal > 0°C', where((p) => p.unit === '°C' && p.min !== null && p.min > 0)],
  ['minVal >= 50°C', [`@${S}.dhw-tank.temperature-setpoint`]],
  ['minVal >= 220V', where((p) => p.unit === 'V' && p.min !== null && p.min >= 220)],
  ['writeVal <= 15%', [`@${S}.rainwater-tank.low-level-threshold`, `@${S}.fuel-tank.low-level-threshold`]],
  [
    'equip and modbusUnit < 6',
    devices.filter((d) => d.numbers.modbus != null && d.numbers.modbus < 6).map((d) => `@${S}.${d.id}`),
  ],
  [
    'bacnetInstance <= 1004',
    devices.filter((d) => d.numbers.bacnet != null && d.numbers.bacnet <= 1004).map((d) => `@${S}.${d.id}`),
  ],
  // `!=` compares whole values (a maxVal in % is not 32 A), and never matches a record without the tag.
  ['maxVal != 32A', where((p) => p.max !== null && !(p.unit === 'A' && p.max === 32))],
  ['point and unit != "°C"', where((p) => !NO_HAYSTACK_UNIT.has(p.unit) && p.unit !== '°C')],
  // Str.
  ['unit == "°C"', where((p) => p.unit === '°C')],
  ['kind == "Str"', where((p) => ['enum', 'string', 'datetime'].includes(p.type))],
  ['navName == "Level"', [`@${S}.rainwater-tank.level`, `@${S}.fuel-tank.level`]],
  ['point and navName < "B"', where((p) => p.name < 'B')],
  ['equip and profile != "ev-charger-level-2"', equips.filter((id) => !id.includes('ev-charger'))],
  // Ref.
  [`equipRef == @${S}.fuel-tank`, where((_p, d) => d.id === 'fuel-tank')],
  [`id == @${S}.dhw-tank.temperature-setpoint`, [`@${S}.dhw-tank.temperature-setpoint`]],
  [`siteRef == @${S}`, [...equips, ...allPoints]],
  [
    `equipRef != @${S}.pir-1 and equipRef->profile == "pir-detector"`,
    where((_p, d) => d.profile.id === 'pir-detector' && d.id !== 'pir-1'),
  ],
  // Paths through refs.
  [
    // Status points are `sensor` too: Haystack 4 classifies them by direction (read-only).
    'point and equipRef->profile == "pir-detector" and sensor',
    where((p, d) => d.profile.id === 'pir-detector' && p.kind !== 'command'),
  ],
  [
    'point and equipRef->modbusUnit >= 9',
    where((_p, d) => d.numbers.modbus != null && d.numbers.modbus >= 9),
  ],
  ['equipRef->dis == "EV Charger 3"', where((_p, d) => d.id === 'ev-charger-3')],
  ['siteRef->dis == "Parc Confluence Sud"', [...equips, ...allPoints]],
  ['equipRef->siteRef->tz == "Paris"', allPoints],
  // Counts by kind.
  ['point and his and kind=="Number"', where((p) => p.kind !== 'command' && p.type === 'number')],
  ['point and writable and kind=="Number"', where((p) => p.kind === 'command' && p.type === 'number')],
  [
    'point and kind=="Number" and not unit',
    where((p) => p.type === 'number' && NO_HAYSTACK_UNIT.has(p.unit)),
  ],
  // Units by any id of Haxall's unit database (its name or a symbol): the same unit as the record's symbol.
  ['maxVal == 32ampere', where((p) => p.unit === 'A' && p.max === 32)],
  ['minVal >= 50celsius', [`@${S}.dhw-tank.temperature-setpoint`]],
  ['maxVal > 22kilowatt', where((p) => p.unit === 'kW' && p.max !== null && p.max > 22)],
  ['minVal >= 220volt and minVal >= 220Volt', where((p) => p.unit === 'V' && p.min !== null && p.min >= 220)],
  ['maxVal == 32milliampere', []],
  // Nothing.
  ['point and site', []],
  ['nosuchtag', []],
  ['siteRef->dis == "Somewhere Else"', []],
  ['equipRef->nosuchref->dis == "x"', []],
];

// Where Haxall (the reference implementation) and haystack-core's own evaluation differ, we follow Haxall:
// numbers compare only when their units are the same (a unitless number included), a comparison that cannot
// be made is false without stopping an `or`, and `!=` matches a value of another kind.
const HAXALL_SEMANTICS: Array<[filter: string, expected: string[], why: string]> = [
  [
    'maxVal > 22kW',
    where((p) => p.unit === 'kW' && p.max !== null && p.max > 22),
    'a unitless maxVal is not compared with kW',
  ],
  [
    'maxVal <= 50°C',
    where((p) => p.unit === '°C' && p.max !== null && p.max <= 50),
    'a unitless maxVal is not compared with °C',
  ],
  [
    'minVal < 0°C',
    where((p) => p.unit === '°C' && p.min !== null && p.min < 0),
    'a unitless minVal is not compared with °C',
  ],
  ['maxVal > 0°F', [], 'a unitless maxVal is not compared with °F'],
  ['maxVal > 40°C or point', allPoints, 'an unlike-unit comparison is false, `or point` still matches'],
  [
    'navName == "Level" and curVal != true',
    [`@${S}.rainwater-tank.level`, `@${S}.fuel-tank.level`],
    '`!=` is true across kinds',
  ],
];

describe('Haystack filters on the demo site', () => {
  test('the table covers the site (sanity of the expectations)', () => {
    assert.equal(allPoints.length, 246);
    assert.equal(equips.length, 14);
    assert.equal(where(has('temp')).length, 17);
  });

  for (const [filter, expected] of TABLE) {
    test(`${filter} → ${expected.length}`, async () => {
      assert.deepEqual(sorted(await read(filter)), sorted(expected));
    });
  }

  test('Bool values: after one write, exactly that point compares true', async () => {
    const written = `@${S}.pir-3.pet-immunity`;
    const write = await server.fetch(`${server.url}pointWrite`, {
      method: 'POST',
      headers: { 'content-type': 'text/zinc' },
      body: `ver:"3.0"\nid,level,val\n${written},16,T\n`,
    });
    assert.doesNotMatch(await write.text(), /\berr\b/);
    const pets = devices
      .filter((d) => d.profile.id === 'pir-detector')
      .map((d) => `@${S}.${d.id}.pet-immunity`);
    assert.deepEqual(await read('navName == "Pet Immunity" and writeVal == true'), [written]);
    assert.deepEqual(await read('navName == "Pet Immunity" and curVal == true'), [written]);
    assert.deepEqual(
      sorted(await read('navName == "Pet Immunity" and curVal != true')),
      sorted(pets.filter((id) => id !== written)),
    );
    assert.deepEqual(await read('navName == "Pet Immunity" and writeLevel == 16'), [written]);
  });

  test('DateTime literals: in UTC (`Z`, with or without `UTC`) or with an offset and a zone, as instants', async () => {
    const stamped = await read('curTs');
    assert.ok(stamped.length > 0, 'the running demo stamps its points');
    const curTs = ZincReader.readValue(
      await (
        await server.fetch(`${server.url}read`, {
          method: 'POST',
          headers: { 'content-type': 'text/zinc' },
          body: `ver:"3.0"\nid\n${stamped[0]}\n`,
        })
      ).text(),
    ) as HGrid;
    const at = curTs.getRows()[0]?.get('curTs') as HDateTime;
    assert.ok(at instanceof HDateTime);
    const utc = at.date.toISOString().replace('.000Z', 'Z');
    assert.deepEqual(sorted(await read('curTs > 2000-01-01T00:00:00Z')), sorted(stamped));
    assert.deepEqual(sorted(await read('curTs >= 2000-01-01T01:00:00+01:00 Paris')), sorted(stamped));
    assert.deepEqual(await read('curTs < 2000-01-01T00:00:00Z UTC'), []);
    assert.deepEqual(await read('curTs > 2999-01-01T00:00:00Z'), []);
    // The same instant written in UTC and in Paris time matches the same records.
    const inUtc = await read(`curTs == ${utc}`);
    assert.ok(inUtc.includes(stamped[0] as string), `${utc} matches ${stamped[0]}`);
    assert.deepEqual(await read(`curTs == ${at.toZinc()}`), inUtc);
    assert.deepEqual(await read(`curTs <= ${utc} and curTs >= ${utc}`), inUtc);
  });

  test('refused as Haxall refuses them: a Ref with a display name, a unit or a time zone it does not know', async () => {
    for (const filter of [
      `id == @${S}.dhw-tank "DHW Tank"`,
      'maxVal == 32amperes',
      'maxVal == 32foo',
      'curTs > 2000-01-01T00:00:00+01:00',
      'curTs > 2000-01-01T00:00:00+01:00 Nowhere',
      'curTs > 2026-13-01T00:00:00Z',
    ]) {
      const response = await server.fetch(`${server.url}read`, {
        method: 'POST',
        headers: { 'content-type': 'text/zinc' },
        body: HGrid.make({ rows: [HDict.make({ filter: HStr.make(filter) })] }).toZinc(),
      });
      const grid = ZincReader.readValue(await response.text()) as HGrid;
      assert.ok(grid.meta.has('err'), filter);
      assert.match(grid.meta.get('dis')?.toString() ?? '', /^cannot read filter/, filter);
    }
    // A custom unit (`_` first) is accepted, as in Haxall, and matches nothing here.
    assert.deepEqual(await read('maxVal == 32_custom'), []);
  });

  test('limit: the first matches in site order', async () => {
    assert.deepEqual(await read('point', 5), allPoints.slice(0, 5));
    assert.deepEqual(
      await read('temp and equipRef->profile == "dhw-tank"', 2),
      where((p, d) => d.id === 'dhw-tank' && has('temp')(p)).slice(0, 2),
    );
    assert.deepEqual(sorted(await read('equip', 100)), sorted(equips));
  });

  // As Haxall answers: see HAXALL_SEMANTICS.
  for (const [filter, expected, why] of HAXALL_SEMANTICS) {
    test(`${filter} → ${expected.length} (${why})`, async () => {
      assert.deepEqual(sorted(await read(filter)), sorted(expected));
    });
  }
});
