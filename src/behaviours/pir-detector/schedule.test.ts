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
