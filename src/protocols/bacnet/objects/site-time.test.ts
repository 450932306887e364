// The site's wall clock in BACnet Date and Time: offsets in winter and summer, a Date and Time back to the
// instant, round trips of any instant, and unspecified or impossible fields refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { instantOf, localDateTime, zoneOffsetMinutes } from './site-time.js';

test('Paris is one hour ahead in winter, two in summer; UTC none; New York behind', () => {
  assert.equal(zoneOffsetMinutes(Date.UTC(2026, 0, 5), 'Europe/Paris'), 60);
  assert.equal(zoneOffsetMinutes(Date.UTC(2026, 6, 5, 12), 'Europe/Paris'), 120);
  assert.equal(zoneOffsetMinutes(Date.UTC(2026, 6, 5, 12), 'UTC'), 0);
  assert.equal(zoneOffsetMinutes(Date.UTC(2026, 0, 5, 12), 'America/New_York'), -300);
});

test('an instant as Date and Time of the zone, weekday 1 Monday … 7 Sunday', () => {
  // 2026-01-04 23:30:00.25 UTC is Monday 5 January 00:30 in Paris.
  assert.deepEqual(localDateTime(Date.UTC(2026, 0, 4, 23, 30, 0, 250), 'Europe/Paris'), {
    date: { year: 2026, month: 1, day: 5, weekday: 1 },
    time: { hour: 0, minute: 30, second: 0, hundredths: 25 },
  });
  assert.equal(localDateTime(Date.UTC(2026, 0, 11, 12), 'UTC').date.weekday, 7);
});

test('property: Date and Time of the zone back to the same instant (to the hundredth)', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2100, 0, 1) }),
      fc.constantFrom('Europe/Paris', 'UTC', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney'),
      (ms, tz) => {
        const { date, time } = localDateTime(ms, tz);
        const back = instantOf(date, time, tz);
        const wanted = Math.floor(ms / 10) * 10;
        // In the hour a shift to winter time repeats, both instants read the same: either is right.
        assert.ok(back === wanted || Math.abs((back ?? 0) - wanted) === 3_600_000, `${ms} ${tz} → ${back}`);
      },
    ),
  );
});

test('unspecified or impossible fields name no instant', () => {
  const time = { hour: 1, minute: 2, second: 3, hundredths: 4 };
  assert.equal(instantOf({ year: 255, month: 1, day: 1, weekday: 255 }, time, 'UTC'), null);
  assert.equal(instantOf({ year: 2026, month: 13, day: 1, weekday: 255 }, time, 'UTC'), null);
  assert.equal(instantOf({ year: 2026, month: 1, day: 1, weekday: 255 }, { ...time, hour: 24 }, 'UTC'), null);
  assert.equal(
    instantOf({ year: 2026, month: 1, day: 1, weekday: 255 }, { ...time, hundredths: 255 }, 'UTC'),
    Date.UTC(2026, 0, 1, 1, 2, 3),
  );
});
