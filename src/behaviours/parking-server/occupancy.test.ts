import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../core/rng.js';
import { LocalTime } from '../../util/local-time.js';
import { exponential } from '../shared/random.js';
import { DepartureQueue } from './departure-queue.js';
import { DEFAULT_PROFILES, profileAt, readProfiles } from './occupancy-profiles.js';
import { buildOccupancyTable, minuteOfWeek, minutesUntilDeparture, WEEK_MIN } from './occupancy-table.js';
import { ParameterReader } from './parameter-reader.js';

const office = DEFAULT_PROFILES.office as (typeof DEFAULT_PROFILES)['office'] & object;

test('profile points are joined by straight lines, across midnight too', () => {
  const day = {
    turnoverPerHour: 0.1,
    points: [
      [6, 10],
      [12, 70, 0.5],
      [18, 40],
    ] as [number, number, number?][],
  };
  assert.deepEqual(profileAt(day, 6), { percent: 10, turnoverPerHour: 0.1 });
  assert.equal(profileAt(day, 9).percent, 40);
  assert.ok(Math.abs(profileAt(day, 9).turnoverPerHour - 0.3) < 1e-12);
  assert.equal(profileAt(day, 15).percent, 55);
  assert.equal(profileAt(day, 0).percent, 25, '18 h (40 %) to 6 h (10 %): midnight is half way');
  assert.equal(profileAt(day, 21).percent, 32.5);
  assert.equal(profileAt(office.weekday, 10.5).percent, 100);
  assert.equal(profileAt(office.weekday, 13).percent, 85);
  assert.equal(profileAt(office.weekday, 19.5).percent, 10);
});

test('the fluid limit of the table follows the target (dN/dt = λ − μN)', () => {
  for (const profile of Object.values(DEFAULT_PROFILES)) {
    const table = buildOccupancyTable(profile, 1000);
    let n = (table.target[0] as number) * 1000;
    let worst = 0;
    for (let week = 0; week < 2; week++) {
      for (let m = 0; m < WEEK_MIN; m++) {
        const mu = (table.hazard[m + 1] as number) - (table.hazard[m] as number);
        n += (table.arrivals[m] as number) - mu * n;
        if (week === 1) worst = Math.max(worst, Math.abs(n - (table.target[m + 1] as number) * 1000));
      }
    }
    assert.ok(worst < 15, `within 1.5 % of the capacity, got ${worst}`);
  }
});

test('departures: later for a larger draw, across the week boundary, never before the arrival', () => {
  const table = buildOccupancyTable(office, 420);
  const saturday = 6 * 1440 + 23 * 60;
  let last = 0;
  for (const e of [0, 0.1, 0.5, 1, 2, 5, 20]) {
    const d = minutesUntilDeparture(table, saturday, e);
    assert.ok(d >= last, `monotonic in the draw (${e})`);
    last = d;
  }
  assert.equal(minutesUntilDeparture(table, 100, 0), 0);
  assert.ok(last > 1440, 'a large draw reaches into the next week');
  // A car at 8 h on a weekday leaves most likely in the evening fall of the office profile.
  const rng = createRng('stays');
  const monday8 = 1440 + 8 * 60;
  const leaving = Array.from(
    { length: 2000 },
    () => ((monday8 + minutesUntilDeparture(table, monday8, exponential(rng, 1))) % 1440) / 60,
  );
  const evening = leaving.filter((h) => h >= 16 && h < 20).length / leaving.length;
  assert.ok(evening > 0.5, `most leave between 16 and 20 h (${evening})`);
});

test('minute of the local week', () => {
  const paris = new LocalTime('Europe/Paris');
  assert.equal(minuteOfWeek(paris, Date.UTC(2026, 0, 5, 9, 30)), 1440 + 10.5 * 60, 'Monday 10:30 local');
  assert.equal(minuteOfWeek(paris, Date.UTC(2026, 0, 3, 23, 0)), 0, 'Sunday 00:00 local');
});

test('the departure queue gives cars back in departure order, with their arrival', () => {
  const rng = createRng('heap');
  const q = new DepartureQueue(500);
  const cars: Array<[number, number]> = [];
  for (let i = 0; i < 500; i++) {
    const arrival = rng.next() * 1000;
    const departure = arrival + rng.next() * 1000;
    q.push(departure, arrival);
    cars.push([departure, arrival]);
  }
  assert.throws(() => q.push(1, 0), /full/);
  cars.sort((a, b) => a[0] - b[0]);
  for (const [departure, arrival] of cars) {
    assert.equal(q.nextDeparture(), departure);
    q.pop();
    assert.equal(q.poppedDeparture, departure);
    assert.equal(q.poppedArrival, arrival);
  }
  assert.equal(q.size, 0);
  assert.equal(q.nextDeparture(), Number.POSITIVE_INFINITY);
});

test('profiles from the site file: whole profiles added or replaced, checked point by point', () => {
  const read = (occupancyProfiles: unknown) => readProfiles(new ParameterReader('ps', { occupancyProfiles }));
  const custom = read({
    night: {
      weekday: {
        turnoverPerHour: 0.1,
        points: [
          [0, 80],
          [12, 20],
        ],
      },
    },
  });
  assert.deepEqual(Object.keys(custom), ['office', 'retail', 'residential', 'night']);
  assert.deepEqual(custom.night?.weekend, custom.night?.weekday, 'weekend defaults to the weekday');
  assert.throws(
    () =>
      read({
        x: {
          weekday: {
            turnoverPerHour: 0.1,
            points: [
              [12, 20],
              [6, 80],
            ],
          },
        },
      }),
    /device ps: parameter 'occupancyProfiles.x.weekday.points\[1\]' hours must increase/,
  );
  assert.throws(
    () => read({ x: { weekday: { turnoverPerHour: 0, points: [[0, 1]] } } }),
    /'occupancyProfiles.x.weekday.turnoverPerHour' must be above 0/,
  );
  assert.throws(
    () => read({ x: { weekday: { turnoverPerHour: 1, points: [[0, 120]] } } }),
    /'occupancyProfiles.x.weekday.points\[0\]\[1\]' must be at least 0 and at most 100/,
  );
});
