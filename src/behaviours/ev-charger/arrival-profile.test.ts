import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../core/rng.js';
import { LocalTime } from '../../util/local-time.js';
import { ARRIVAL_PROFILES, ArrivalProfile, carsSent } from './arrival-profile.js';

/** `actual` within `tolerance` of `expected`, with both in the message. */
function near(actual: number, expected: number, tolerance: number): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not within ${tolerance} of ${expected}`);
}

const MONDAY = Date.UTC(2026, 0, 5); // 01:00 in Paris
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

test('each built-in profile has 24 hourly weights', () => {
  for (const p of Object.values(ARRIVAL_PROFILES)) assert.equal(p.weights.length, 24);
});

test('the hourly rates of a weekday add up to the arrivals per day; weekends scale', () => {
  const profile = new ArrivalProfile(ARRIVAL_PROFILES.office.weights, 4, 0.25, new LocalTime('Europe/Paris'));
  const midnight = MONDAY - HOUR; // local midnight, Monday
  let weekday = 0;
  let saturday = 0;
  for (let h = 0; h < 24; h++) {
    weekday += profile.rateAt(midnight + h * HOUR + 1) * HOUR;
    saturday += profile.rateAt(midnight + 5 * DAY + h * HOUR + 1) * HOUR;
  }
  near(weekday, 4, 1e-9);
  near(saturday, 1, 1e-9);
  assert.equal(profile.rateAt(midnight + 3 * HOUR), 0, 'nobody at 3 h');
});

test('drawn arrivals follow the profile in local time and are reproducible', () => {
  const make = () =>
    new ArrivalProfile(ARRIVAL_PROFILES.office.weights, 10, 1, new LocalTime('Europe/Paris'));
  const draw = (seed: string) => {
    const rng = createRng(seed);
    const profile = make();
    const times: number[] = [];
    for (let t = profile.next(MONDAY, rng); t < MONDAY + 100 * DAY; t = profile.next(t, rng)) times.push(t);
    return times;
  };
  const times = draw('a');
  assert.deepEqual(draw('a'), times);
  assert.ok(Math.abs(times.length - 1000) < 110, `${times.length} arrivals in 100 days`);
  const local = new LocalTime('Europe/Paris');
  const morning = times.filter((t) => {
    const h = local.hourOfDay(t);
    return h >= 7 && h < 10;
  }).length;
  assert.ok(morning / times.length > 0.35, 'the morning peak holds most arrivals');
  assert.ok(
    times.every((t) => local.hourOfDay(t) >= 5 && local.hourOfDay(t) < 22),
    'no arrivals at night',
  );
});

test('no arrivals at all with a rate of 0', () => {
  const profile = new ArrivalProfile(ARRIVAL_PROFILES.office.weights, 0, 1, new LocalTime('UTC'));
  assert.equal(profile.next(MONDAY, createRng('x')), Number.POSITIVE_INFINITY);
});

test('carsSent: the difference, or the new total after the car park restarted its count', () => {
  assert.equal(carsSent(0, 0), 0);
  assert.equal(carsSent(3, 5), 2);
  assert.equal(carsSent(57, 1), 1);
  assert.equal(carsSent(57, 57), 0);
});
