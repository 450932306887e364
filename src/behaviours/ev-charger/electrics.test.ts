import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { activePowerKw, offeredCurrent, powerFactorAt, rampCurrent, supplyVoltage } from './electrics.js';

/** `actual` within `tolerance` of `expected`, with both in the message. */
function near(actual: number, expected: number, tolerance: number): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not within ${tolerance} of ${expected}`);
}

describe('offeredCurrent', () => {
  test('the lowest of Max Current Limit, vehicle, hardware and share', () => {
    assert.equal(offeredCurrent(32, 16, 32, Number.NaN, 6), 16);
    assert.equal(offeredCurrent(10, 32, 32, Number.NaN, 6), 10);
    assert.equal(offeredCurrent(32, 32, 20, Number.NaN, 6), 20);
    assert.equal(offeredCurrent(32, 32, 32, 12.5, 6), 12.5);
    assert.equal(offeredCurrent(8, 32, 32, 12.5, 6), 8, 'a share above the limit changes nothing');
  });
  test('pauses (0 A) when the share is below the IEC 61851 minimum', () => {
    assert.equal(offeredCurrent(32, 32, 32, 5.99, 6), 0);
    assert.equal(offeredCurrent(32, 32, 32, 6, 6), 6);
    assert.equal(offeredCurrent(32, 32, 32, 0, 6), 0);
  });
});

describe('rampCurrent', () => {
  test('rises at the ramp rate from the minimum current and never passes the offer', () => {
    assert.equal(rampCurrent(0, 32, 6, 1, 6), 6);
    assert.equal(rampCurrent(6, 32, 6, 1, 6), 12);
    assert.equal(rampCurrent(30, 32, 6, 1, 6), 32);
    assert.equal(rampCurrent(0, 32, 6, 0, 6), 6, 'a car starts at the minimum');
  });
  test('follows a lower offer at once', () => {
    assert.equal(rampCurrent(32, 10, 6, 1, 6), 10);
    assert.equal(rampCurrent(32, 0, 6, 1, 6), 0);
  });
});

describe('power', () => {
  test('√3·U·I·PF for 3 phases, U·I·PF for one', () => {
    near(activePowerKw(3, 400, 32, 1), 22.17, 0.01);
    near(activePowerKw(1, 230, 32, 1), 7.36, 1e-9);
    assert.equal(activePowerKw(3, 400, 0, 0.99), 0);
  });
  test('the defaults keep a 32 A, 400 V charger within the 22 kW of the points list', () => {
    assert.ok(activePowerKw(3, 400, 32, 0.99) <= 22, `${activePowerKw(3, 400, 32, 0.99)} kW`);
  });
  test('power factor rises from low to full load', () => {
    assert.equal(powerFactorAt(6, 6, 32, 0.96, 0.985), 0.96);
    assert.equal(powerFactorAt(32, 6, 32, 0.96, 0.985), 0.985);
    assert.equal(powerFactorAt(100, 6, 32, 0.96, 0.985), 0.985);
    assert.equal(powerFactorAt(10, 6, 6, 0.96, 0.985), 0.985);
  });
});

describe('supplyVoltage', () => {
  test('nominal moved by the grid and the feeder drop', () => {
    assert.equal(supplyVoltage(400, 0, 0.01, 0, 32, 0.02, 220, 1000), 400);
    assert.equal(supplyVoltage(400, 0, 0.01, 32, 32, 0.02, 220, 1000), 396);
    assert.equal(supplyVoltage(400, -0.005, 0.01, 16, 32, 0.02, 220, 1000), 396);
  });
  test('kept within the band and the points list range', () => {
    assert.equal(supplyVoltage(400, 0.05, 0, 0, 32, 0.02, 220, 1000), 408);
    assert.equal(supplyVoltage(400, -0.05, 0, 0, 32, 0.02, 220, 1000), 392);
    assert.equal(supplyVoltage(400, 0.01, 0, 0, 32, 0.02, 220, 400), 400);
    assert.equal(supplyVoltage(230, -0.05, 0, 0, 32, 0.02, 228, 400), 228);
  });
});
