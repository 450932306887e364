import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LocalTime } from '../../util/local-time.js';
import { OfficeHours } from './schedule.js';

const paris = new LocalTime('Europe/Paris');
// 2026-01-05 is a Monday; Paris is UTC+1 in January.
const monday = (hour: number) => Date.UTC(2026, 0, 5, hour - 1);

test('office hours are local working hours on working days', () => {
  const office = new OfficeHours(paris, 8, 19, [1, 2, 3, 4, 5], 'outside-office-hours');
  assert.equal(office.isOpen(monday(7.99)), false);
  assert.equal(office.isOpen(monday(8)), true);
  assert.equal(office.isOpen(monday(18.99)), true);
  assert.equal(office.isOpen(monday(19)), false);
  assert.equal(office.isOpen(monday(12) - 2 * 86_400_000), false, 'Saturday');
  assert.equal(office.isArmed(monday(12)), false);
  assert.equal(office.isArmed(monday(22)), true);
});

test('always and never armed', () => {
  assert.equal(new OfficeHours(paris, 8, 19, [1], 'always').isArmed(monday(12)), true);
  assert.equal(new OfficeHours(paris, 8, 19, [1], 'never').isArmed(monday(3)), false);
});

test('over a week, the default schedule arms at 19:00 on working days and disarms at 08:00, not at weekends', () => {
  const office = new OfficeHours(paris, 8, 19, [1, 2, 3, 4, 5], 'outside-office-hours');
  const friday = monday(12) + 4 * 86_400_000;
  const changes: string[] = [];
  let armed = office.isArmed(friday);
  for (let t = friday; t <= friday + 4 * 86_400_000; t += 60_000) {
    const now = office.isArmed(t);
    if (now !== armed)
      changes.push(`${now ? 'armed' : 'disarmed'} ${paris.weekday(t)} ${paris.hourOfDay(t)}h`);
    armed = now;
  }
  assert.deepEqual(changes, ['armed 5 19h', 'disarmed 1 8h', 'armed 1 19h', 'disarmed 2 8h']);
});

test('steadyUntil never skips a change: stepping with it sees every change at the step it happens', () => {
  // Days around both daylight-saving changes of 2026 in Paris (29 March, 25 October), 1 s steps, and hours
  // that fall in the skipped or repeated hour, or between whole seconds.
  const windows = [Date.UTC(2026, 2, 27, 12), Date.UTC(2026, 9, 23, 12)];
  const hours: Array<[number, number]> = [
    [8, 19],
    [2.5, 3],
    [7 + 1 / 3, 18.123456],
    [0, 24],
  ];
  for (const [start, end] of hours) {
    const office = new OfficeHours(paris, start, end, [0, 1, 2, 3, 4, 5, 6], 'outside-office-hours');
    for (const from of windows) {
      let armed = office.isArmed(from);
      let until = office.steadyUntil(from);
      const seen: number[] = [];
      const expected: number[] = [];
      let last = armed;
      for (let t = from; t <= from + 4 * 86_400_000; t += 1000) {
        const now = office.isArmed(t);
        if (now !== last) expected.push(t);
        last = now;
        if (t < until) continue;
        const a = office.isArmed(t);
        until = office.steadyUntil(t);
        if (a !== armed) seen.push(t);
        armed = a;
      }
      assert.deepEqual(seen, expected, `${start}–${end} h from ${new Date(from).toISOString()}`);
      if (start === 8) assert.equal(expected.length, 8, 'two changes a day');
    }
  }
  assert.equal(new OfficeHours(paris, 8, 19, [1], 'always').steadyUntil(monday(3)), Number.POSITIVE_INFINITY);
});
