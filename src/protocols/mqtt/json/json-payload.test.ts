// A point's JSON payload, built as text, is the JSON the docs describe for every kind of value.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Point } from '../../../runtime/services/services.js';
import { jsonUnit, pointPayload, unitPart } from './json-payload.js';
import { JsonTopics } from './json-topics.js';

const point = (unit: string | null): Point =>
  ({ id: 'p', name: 'P', kind: 'sensor', type: 'number', unit }) as unknown as Point;

test('units: the symbol as Pointyard spells it, none for a count', () => {
  assert.equal(jsonUnit(point('degC')), '°C');
  assert.equal(jsonUnit(point('kWh')), 'kWh');
  assert.equal(jsonUnit(point('count')), null);
  assert.equal(jsonUnit(point(null)), null);
});

test('the payload parses to val, unit, ts and status for any value', () => {
  const values = fc.oneof(
    fc.double(),
    fc.boolean(),
    fc.string(),
    fc.constant(null),
    fc.constantFrom('ECO', 'a "quoted" \\ word'),
  );
  fc.assert(
    fc.property(values, fc.integer({ min: 0, max: 4e12 }), (value, ts) => {
      const text = pointPayload(unitPart(point('°C')), value, ts, 'stale');
      const parsed = JSON.parse(text);
      assert.deepEqual(Object.keys(parsed), ['val', 'unit', 'ts', 'status']);
      const expected = typeof value === 'number' && !Number.isFinite(value) ? null : value;
      assert.ok(Object.is(parsed.val, expected) || (parsed.val === 0 && expected === 0), text);
      assert.equal(parsed.unit, '°C');
      assert.equal(parsed.ts, new Date(ts).toISOString());
      assert.equal(parsed.status, 'stale');
    }),
    { numRuns: 2000 },
  );
});

test('topics: a point, its command and the key a command topic names', () => {
  const topics = new JsonTopics('pointyard', 'lyon');
  assert.equal(topics.point('dhw-tank', 'setpoint'), 'pointyard/lyon/dhw-tank/setpoint');
  assert.equal(topics.keyOfSet('pointyard/lyon/dhw-tank/setpoint/set'), 'dhw-tank.setpoint');
  assert.equal(topics.keyOfSet('pointyard/lyon/dhw-tank/set'), null);
  assert.equal(topics.keyOfSet('pointyard/other/dhw-tank/setpoint/set'), null);
  assert.equal(topics.keyOfSet('pointyard/lyon//setpoint/set'), null);
  assert.equal(topics.status, 'pointyard/lyon/status');
});
