// hisRead range edges on the demo site (Europe/Paris): start inclusive, end exclusive; today, yesterday, a date
// and date ranges from local midnight; date-times in other zones; the 23-hour and 25-hour days of the
// daylight-saving changes. The runtime is opened but never started: the only history is what these tests
// write with hisWrite, and the virtual clock (the `now` of today and yesterday) moves only when a test says.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { HDateTime, HNum } from 'haystack-core';
import { parseRange } from '../../src/protocols/haystack/datetime.js';
import { errorOf, postGrid, withoutError } from '../support/haystack-call.js';
import { idleDemoHaystack } from '../support/haystack-server.js';

const server = await idleDemoHaystack(Date.UTC(2026, 2, 1));
after(() => server.close());
const { clock } = server;

// One point per scenario: history only grows forward, point by point.
const EDGES = '@lyon-confluence.rainwater-tank.level';
const SPRING = '@lyon-confluence.fuel-tank.level';
const AUTUMN = '@lyon-confluence.rainwater-tank.volume';
const HOUR = 3_600_000;

const post = async (op: string, body: string) =>
  withoutError(await postGrid(server.url, server.fetch, op, body));
/** A date-time as Zinc without zero milliseconds: `2026-03-29T03:00:00+02:00 Paris`. */
const zinc = (v: unknown) => (v as HDateTime).toZinc().replace('.000', '');
const hisWrite = (id: string, samples: Array<[ts: string, val: number]>) =>
  post('hisWrite', `ver:"3.0" id:${id}\nts,val\n${samples.map(([ts, v]) => `${ts},${v}`).join('\n')}\n`);
async function hisRead(id: string, range: string) {
  const grid = await post('hisRead', `ver:"3.0"\nid,range\n${id},"${range}"\n`);
  const rows = grid.getRows();
  return {
    ts: rows.map((r) => zinc(r.get('ts'))),
    instants: rows.map((r) => (r.get('ts') as HDateTime).date.valueOf()),
    vals: rows.map((r) => (r.get('val') as HNum).value),
    start: zinc(grid.meta.get('hisStart')),
    end: zinc(grid.meta.get('hisEnd')),
  };
}
/** `t` as a Zinc date-time at a fixed offset, e.g. New York in summer time: `inZone(t, -4, 'New_York')`. */
function inZone(t: number, hours: number, tz: string): string {
  const local = new Date(t + hours * HOUR).toISOString().slice(0, 19);
  const sign = hours < 0 ? '-' : '+';
  return `${local}${sign}${String(Math.abs(hours)).padStart(2, '0')}:00 ${tz}`;
}
const paris = (local: string, offset: 1 | 2) => `${local}+0${offset}:00 Paris`;

describe('hisRead range edges', () => {
  test('start inclusive, end exclusive; a date runs from local midnight to the next', async () => {
    await hisWrite(EDGES, [
      [paris('2026-03-26T23:59:59.999', 1), 1],
      [paris('2026-03-27T00:00:00', 1), 2],
      [paris('2026-03-27T12:00:00', 1), 3],
      [paris('2026-03-27T23:59:59.999', 1), 4],
      [paris('2026-03-28T00:00:00', 1), 5],
    ]);
    const day = await hisRead(EDGES, '2026-03-27');
    assert.deepEqual(day.vals, [2, 3, 4]);
    assert.equal(day.start, paris('2026-03-27T00:00:00', 1));
    assert.equal(day.end, paris('2026-03-28T00:00:00', 1));
    assert.deepEqual((await hisRead(EDGES, '2026-03-26,2026-03-27')).vals, [1, 2, 3, 4]);
    const exact = `${paris('2026-03-27T12:00:00', 1)},${paris('2026-03-28T00:00:00', 1)}`;
    assert.deepEqual(
      (await hisRead(EDGES, exact)).vals,
      [3, 4],
      'a sample at the start is in, at the end out',
    );
    const later = `${paris('2026-03-27T12:00:00.001', 1)},${paris('2026-03-28T00:00:00.001', 1)}`;
    assert.deepEqual((await hisRead(EDGES, later)).vals, [4, 5]);
  });

  test('date-times in other zones name the same instants; answers are in the point’s zone', async () => {
    for (const range of [
      '2026-03-26T23:00:00Z UTC,2026-03-27T23:00:00Z UTC',
      '2026-03-26T19:00:00-04:00 New_York,2026-03-27T19:00:00-04:00 New_York',
      '2026-03-27T08:00:00+09:00 Tokyo,2026-03-28T08:00:00+09:00 Tokyo',
    ]) {
      const read = await hisRead(EDGES, range);
      assert.deepEqual(read.vals, [2, 3, 4], range);
      assert.deepEqual(read.ts, [
        paris('2026-03-27T00:00:00', 1),
        paris('2026-03-27T12:00:00', 1),
        paris('2026-03-27T23:59:59.999', 1),
      ]);
      assert.equal(read.start, paris('2026-03-27T00:00:00', 1), 'hisStart in the point’s zone');
    }
  });

  test('today and yesterday are the site’s local days at the clock’s now', async () => {
    clock.advanceTo(Date.UTC(2026, 2, 27, 23, 30)); // 00:30 on the 28th in Paris, still the 27th in UTC
    const today = await hisRead(EDGES, 'today');
    assert.deepEqual(today.vals, [5]);
    assert.deepEqual(
      [today.start, today.end],
      [paris('2026-03-28T00:00:00', 1), paris('2026-03-29T00:00:00', 1)],
    );
    assert.deepEqual((await hisRead(EDGES, 'yesterday')).vals, [2, 3, 4]);
    assert.deepEqual((await hisRead(EDGES, paris('2026-03-27T12:00:00', 1))).vals, [3, 4, 5], 'to now');
  });

  test('the last Sunday of March has 23 hours: 02:00 to 03:00 does not exist', async () => {
    // Hourly samples from 22:00 UTC on the 28th to 23:00 UTC on the 29th, written in UTC.
    const instants = Array.from({ length: 26 }, (_, i) => Date.UTC(2026, 2, 28, 22) + i * HOUR);
    await hisWrite(
      SPRING,
      instants.map((t, i) => [`${new Date(t).toISOString().slice(0, 19)}Z UTC`, i]),
    );
    const day = await hisRead(SPRING, '2026-03-29');
    const hours = [0, 1, ...Array.from({ length: 21 }, (_, i) => i + 3)];
    assert.deepEqual(
      day.ts,
      hours.map((h) => paris(`2026-03-29T${String(h).padStart(2, '0')}:00:00`, h < 2 ? 1 : 2)),
    );
    assert.deepEqual(day.instants, instants.slice(1, 24));
    assert.deepEqual(
      [day.start, day.end],
      [paris('2026-03-29T00:00:00', 1), paris('2026-03-30T00:00:00', 2)],
    );
    assert.equal((await hisRead(SPRING, '2026-03-28,2026-03-29')).vals.length, 24);
    // Two hours apart on the wall, one hour apart in time: one sample.
    const gap = `${paris('2026-03-29T01:30:00', 1)},${paris('2026-03-29T03:30:00', 2)}`;
    assert.deepEqual((await hisRead(SPRING, gap)).ts, [paris('2026-03-29T03:00:00', 2)]);
    clock.advanceTo(Date.UTC(2026, 2, 29, 12));
    assert.deepEqual((await hisRead(SPRING, 'today')).instants, day.instants);
    clock.advanceTo(Date.UTC(2026, 2, 29, 22, 30)); // 00:30 on the 30th in Paris
    assert.deepEqual((await hisRead(SPRING, 'yesterday')).instants, day.instants);
  });

  test('the last Sunday of October has 25 hours: 02:00 to 03:00 comes twice', async () => {
    // Hourly samples from 21:00 UTC on the 24th to 23:00 UTC on the 25th, written in New York summer time.
    const instants = Array.from({ length: 27 }, (_, i) => Date.UTC(2026, 9, 24, 21) + i * HOUR);
    await hisWrite(
      AUTUMN,
      instants.map((t, i) => [inZone(t, -4, 'New_York'), i]),
    );
    const day = await hisRead(AUTUMN, '2026-10-25');
    const wall = (h: number, offset: 1 | 2) =>
      paris(`2026-10-25T${String(h).padStart(2, '0')}:00:00`, offset);
    assert.deepEqual(day.ts, [
      wall(0, 2),
      wall(1, 2),
      wall(2, 2),
      wall(2, 1),
      ...Array.from({ length: 21 }, (_, i) => wall(i + 3, 1)),
    ]);
    assert.deepEqual(day.instants, instants.slice(1, 26));
    assert.deepEqual([day.start, day.end], [wall(0, 2), paris('2026-10-26T00:00:00', 1)]);
    const twice = await hisRead(AUTUMN, '2026-10-25T00:00:00Z UTC,2026-10-25T02:00:00Z UTC');
    assert.deepEqual(twice.ts, [wall(2, 2), wall(2, 1)], 'the same wall time, two instants');
    clock.advanceTo(Date.UTC(2026, 9, 25, 12));
    assert.deepEqual((await hisRead(AUTUMN, 'today')).instants, day.instants);
    clock.advanceTo(Date.UTC(2026, 9, 26, 10));
    assert.deepEqual((await hisRead(AUTUMN, 'yesterday')).instants, day.instants);
  });

  test('a date in a zone 12 h or more ahead of UTC starts at that zone’s midnight', () => {
    // Noon UTC on 5 January is already the 6th in Auckland (+13), Kiritimati (+14) and Kamchatka (+12).
    for (const [tz, offset] of [
      ['Pacific/Auckland', 13],
      ['Pacific/Kiritimati', 14],
      ['Asia/Kamchatka', 12],
      ['Pacific/Honolulu', -10],
    ] as const) {
      const midnight = Date.UTC(2026, 0, 5) - offset * HOUR;
      assert.deepEqual(parseRange('2026-01-05', tz, 0), { start: midnight, end: midnight + 24 * HOUR }, tz);
      assert.deepEqual(
        parseRange('2026-01-05,2026-01-06', tz, 0),
        { start: midnight, end: midnight + 48 * HOUR },
        tz,
      );
    }
  });

  test('a date or time not on the calendar is an error, never rolled over to the next month', async () => {
    for (const range of [
      '2026-02-30',
      '2026-02-29',
      '2026-13-01',
      '2026-04-31,2026-05-02',
      '2026-01-05T24:00:00+01:00 Paris',
      '2026-01-05T10:61:00+01:00 Paris',
    ])
      assert.throws(() => parseRange(range, 'Europe/Paris', 0), /invalid history range/, range);
    assert.deepEqual(parseRange('2028-02-29', 'UTC', 0), {
      start: Date.UTC(2028, 1, 29),
      end: Date.UTC(2028, 2, 1),
    });
    const grid = await postGrid(
      server.url,
      server.fetch,
      'hisRead',
      `ver:"3.0"\nid,range\n${EDGES},"2026-02-30"\n`,
    );
    assert.match(errorOf(grid) ?? '', /invalid history range '2026-02-30'/);
  });
});
