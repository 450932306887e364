import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UNIT_SYMBOLS } from '../../points/units.js';
import { ENGINEERING_UNITS, engineeringUnit, NO_UNITS } from './bacnet-units.js';

test('every unit symbol of the points lists has its engineering unit, and no other symbol does', () => {
  assert.deepEqual(Object.keys(ENGINEERING_UNITS).sort(), [...UNIT_SYMBOLS].sort());
});

test('aliases, Haystack-only units, no unit and unknown units', () => {
  assert.deepEqual(engineeringUnit('degC'), { name: 'degrees-celsius', number: 62 });
  assert.deepEqual(engineeringUnit('kWh'), { name: 'kilowatt-hours', number: 19 });
  assert.deepEqual(engineeringUnit('cnt'), NO_UNITS);
  assert.deepEqual(engineeringUnit('%/h'), { name: 'percent-per-hour', number: 47882 });
  // In the Haystack database but not in our table.
  assert.deepEqual(engineeringUnit('gal'), NO_UNITS);
  assert.deepEqual(engineeringUnit(null), NO_UNITS);
  assert.deepEqual(engineeringUnit('furlong/fortnight'), NO_UNITS);
  assert.deepEqual(engineeringUnit('toString'), NO_UNITS);
});
