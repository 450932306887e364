import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LocalTime } from './local-time.js';
import { localMidnight } from './time.js';

test('local hour, day and weekday in Paris across the spring DST change', () => {
  const paris = new LocalTime('Europe/Paris');
  const winterNoonUtc = Date.UTC(2026, 0, 5, 11, 0); // 12:00 in Paris (UTC+1), a Monday
  assert.equal(paris.hourOfDay(winterNoonUtc), 12);
  assert.equal(paris.weekday(winterNoonUtc), 1);
  assert.equal(paris.dateText(winterNoonUtc), '2026-01-05');
  const summerNoonUtc = Date.UTC(2026, 6, 1, 10, 0); // 12:00 in Paris (UTC+2)
  assert.equal(paris.hourOfDay(summerNoonUtc), 12);
  // 2026-03-29: clocks go from 02:00 to 03:00 local at 01:00 UTC.
  assert.equal(paris.hourOfDay(Date.UTC(2026, 2, 29, 0, 59)), 1 + 59 / 60);
  assert.equal(paris.hourOfDay(Date.UTC(2026, 2, 29, 1, 0)), 3);
  const lateUtc = Date.UTC(2026, 0, 5, 23, 30); // 00:30 on the 6th in Paris
  assert.equal(paris.dateText(lateUtc), '2026-01-06');
  assert.equal(paris.dayNumber(lateUtc) - paris.dayNumber(winterNoonUtc), 1);
});

test('local midnight', () => {
  assert.equal(localMidnight(Date.UTC(2026, 0, 5, 11, 0), 'Europe/Paris'), Date.UTC(2026, 0, 4, 23, 0));
  assert.equal(localMidnight(Date.UTC(2026, 6, 1, 10, 0), 'Europe/Paris'), Date.UTC(2026, 5, 30, 22, 0));
  assert.equal(localMidnight(Date.UTC(2026, 0, 5, 3, 0), 'America/New_York'), Date.UTC(2026, 0, 4, 5, 0));
  assert.equal(localMidnight(Date.UTC(2026, 0, 5, 3, 0), 'UTC'), Date.UTC(2026, 0, 5));
});
