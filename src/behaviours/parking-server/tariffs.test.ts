import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ParameterReader } from './parameter-reader.js';
import { compileTariff, DEFAULT_TARIFFS, priceCents, readTariffs } from './tariffs.js';

const standard = compileTariff('standard', DEFAULT_TARIFFS.standard as never);

test('standard tariff: first 15 min free, then €0.80 per started 15 min, €20 a day at most', () => {
  assert.equal(priceCents(standard, 0), 0);
  assert.equal(priceCents(standard, 15), 0);
  assert.equal(priceCents(standard, 15.01), 80);
  assert.equal(priceCents(standard, 30), 80, 'exactly one step after the free time');
  assert.equal(priceCents(standard, 31), 160);
  assert.equal(priceCents(standard, 135), 8 * 80);
  assert.equal(priceCents(standard, 6 * 60 + 15), 24 * 80, '6 h charged: 24 steps, under the cap');
  assert.equal(priceCents(standard, 6 * 60 + 31), 2000, '26 steps would be €20.80: capped');
  assert.equal(priceCents(standard, 23 * 60), 2000, 'capped');
});

test('multi-day stays: the cap applies per started 24 h, the free time only to the first', () => {
  assert.equal(priceCents(standard, 1440), 2000);
  assert.equal(priceCents(standard, 1440 + 10), 2000 + 80, 'the second day starts charging at once');
  assert.equal(priceCents(standard, 1440 + 600), 4000);
  assert.equal(priceCents(standard, 3 * 1440), 6000);
  assert.equal(priceCents(standard, 3 * 1440 + 1), 6080);
});

test('a flat tariff and one without a cap', () => {
  const event = compileTariff('event', DEFAULT_TARIFFS.event as never);
  assert.equal(priceCents(event, 1), 1000);
  assert.equal(priceCents(event, 1440), 1000);
  assert.equal(priceCents(event, 1441), 2000);
  const open = compileTariff('open', { freeMinutes: 0, stepMinutes: 60, pricePerStep: 2, dailyCap: null });
  assert.equal(priceCents(open, 1440 * 2), 48 * 200);
});

test('tariffs from the site file join the defaults; bad ones name the device and the parameter', () => {
  const reader = (tariffs: unknown) => new ParameterReader('ps', { tariffs });
  const t = readTariffs(reader({ night: { freeMinutes: 0, stepMinutes: 60, pricePerStep: 1, dailyCap: 8 } }));
  assert.deepEqual([...t.keys()], ['standard', 'reduced', 'event', 'night']);
  assert.equal(t.get('night')?.capCents, 800);
  assert.throws(
    () => readTariffs(reader({ bad: { stepMinutes: 0, pricePerStep: 1 } })),
    /device ps: parameter 'tariffs.bad.stepMinutes' must be above 0/,
  );
  assert.throws(() => readTariffs(reader({ bad: 3 })), /parameter 'tariffs.bad' must be a mapping/);
  assert.throws(
    () => readTariffs(reader({ bad: { stepMinutes: 15, pricePerStep: -1 } })),
    /'tariffs.bad.pricePerStep' must be at least 0/,
  );
});
