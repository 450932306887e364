import assert from 'node:assert/strict';
import { test } from 'node:test';
import { excessAt, expansionL, pressureBar, vessel, waterDensity } from './pressure.js';

test('water density follows the tables (Kell), within 0.05 kg/m³', () => {
  const table: Array<[number, number]> = [
    [4, 999.97],
    [10, 999.7],
    [20, 998.21],
    [40, 992.22],
    [60, 983.2],
    [80, 971.8],
  ];
  for (const [t, rho] of table)
    assert.ok(Math.abs(waterDensity(t) - rho) < 0.05, `${t} °C: ${waterDensity(t)}`);
});

test('300 L heated from 10 to 60 °C expands by about 5 L', () => {
  assert.ok(Math.abs(expansionL(300, waterDensity(10), 60) - 5.03) < 0.05);
  assert.ok(expansionL(300, waterDensity(10), 10) === 0);
  assert.ok(expansionL(300, waterDensity(10), 5) < 0);
});

test('pressure: network pressure until the water expands, then Boyle in the vessel, rising with temperature', () => {
  const v = vessel(18, 3, 3);
  assert.equal(v.gasAtNetworkL, 18);
  assert.equal(pressureBar(v, 18, -1), 3);
  assert.equal(pressureBar(v, 18, 0), 3);
  assert.equal(pressureBar(v, 18, 9), 7); // gas halved: absolute pressure doubled
  assert.equal(excessAt(v, 18, 7), 9);
  let last = 3;
  for (let t = 11; t <= 90; t++) {
    const p = pressureBar(v, 18, expansionL(300, waterDensity(10), t));
    assert.ok(p > last, `${t} °C`);
    last = p;
  }
  // Sized so that a tank filled cold stays under a 7 bar valve up to 80 °C.
  assert.ok(pressureBar(v, 18, expansionL(300, waterDensity(10), 80)) < 7);
  // A waterlogged vessel (3 % of its gas left) cannot take a 5 K reheat of the tank.
  assert.ok(pressureBar(v, 0.54, expansionL(300, waterDensity(55), 60)) > 7);
});

test('a vessel pre-charged below network pressure holds less gas once filled', () => {
  assert.equal(vessel(18, 1, 3).gasAtNetworkL, 9);
});
