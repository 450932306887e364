// hisWrite over HTTP, as Haxall takes it: values checked against the point's kind and unit (no conversion),
// enums by their words, a point without `his` refused, a request written whole or not at all, null values
// skipped, the batch form with an id per column; samples merge into the history at their times (older
// ones, several at one time: the last written wins), a future one kept without holding up live history.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { errorOf, postGrid, withoutError } from '../support/haystack-call.js';
import { demoHaystack, idleDemoHaystack } from '../support/haystack-server.js';

const server = await idleDemoHaystack(Date.UTC(2026, 11, 1, 12)); // 13:00 in Paris
after(() => server.close());

const TEMP = '@lyon-confluence.ev-charger-1.charger-temperature'; // Number, °C
const TEMP2 = '@lyon-confluence.ev-charger-2.charger-temperature';
const ALERT = '@lyon-confluence.parking-server.security-alert'; // Bool
const STATUS = '@lyon-confluence.parking-server.server-status'; // RUNNING, STOPPED, ERROR, MAINTENANCE
const LIMIT = '@lyon-confluence.ev-charger-1.max-current-limit'; // a command: no his
const FAULT = '@lyon-confluence.ev-charger-1.fault-code'; // text

const post = (op: string, body: string) => postGrid(server.url, server.fetch, op, body);
const at = (hhmm: string) => `2026-12-01T${hhmm}:00+01:00 Paris`;
const single = (id: string, rows: Array<[hhmm: string, val: string]>) =>
  `ver:"3.0" id:${id}\nts,val\n${rows.map(([t, v]) => `${at(t)},${v}`).join('\n')}\n`;
/** The point's samples on 1 December: [local time, value as Zinc]. */
async function history(id: string): Promise<Array<[string, string]>> {
  const grid = withoutError(await post('hisRead', `ver:"3.0"\nid,range\n${id},"2026-12-01"\n`));
  return grid
    .getRows()
    .map((r) => [(r.get('ts')?.toZinc() ?? '').slice(11, 16), r.get('val')?.toZinc() ?? 'null']);
}

describe('hisWrite: kinds and units', () => {
  test('a number in another unit is refused, unconverted; a unitless one takes the point’s unit', async () => {
    assert.match(
      errorOf(await post('hisWrite', single(TEMP, [['10:00', '54.5°F']]))) ?? '',
      /54\.5°F on Charger Temperature, whose unit is °C: unit conversion explicitly disallowed/,
    );
    assert.deepEqual(await history(TEMP), [], 'nothing written');
    withoutError(
      await post(
        'hisWrite',
        single(TEMP, [
          ['10:00', '54.5'],
          ['10:01', '55°C'],
        ]),
      ),
    );
    assert.deepEqual(await history(TEMP), [
      ['10:00', '54.5°C'],
      ['10:01', '55°C'],
    ]);
  });

  test('the wrong kind is an error grid: a Bool on a Number, a Number on a Bool or an enum', async () => {
    assert.match(
      errorOf(await post('hisWrite', single(TEMP, [['11:00', 'T']]))) ?? '',
      /Number point.*not T/,
    );
    assert.match(errorOf(await post('hisWrite', single(ALERT, [['11:00', '7']]))) ?? '', /Bool point.*not 7/);
    assert.match(errorOf(await post('hisWrite', single(STATUS, [['11:00', '2']]))) ?? '', /Str point.*not 2/);
    assert.match(
      errorOf(await post('hisWrite', single(FAULT, [['11:00', '"E1"']]))) ?? '',
      /keeps no history/,
    );
    assert.equal((await history(ALERT)).length, 0);
    withoutError(
      await post(
        'hisWrite',
        single(ALERT, [
          ['11:00', 'T'],
          ['11:05', 'F'],
        ]),
      ),
    );
    assert.deepEqual(await history(ALERT), [
      ['11:00', 'T'],
      ['11:05', 'F'],
    ]);
  });

  test('enum history round-trips by its words; a word it does not have is refused', async () => {
    withoutError(
      await post(
        'hisWrite',
        single(STATUS, [
          ['09:00', '"RUNNING"'],
          ['09:30', '"MAINTENANCE"'],
        ]),
      ),
    );
    const back = await history(STATUS);
    assert.deepEqual(back, [
      ['09:00', '"RUNNING"'],
      ['09:30', '"MAINTENANCE"'],
    ]);
    // What hisRead gave, written back as it is, changes nothing.
    withoutError(
      await post(
        'hisWrite',
        single(
          STATUS,
          back.map(([t, v]) => [t, v]),
        ),
      ),
    );
    assert.deepEqual(await history(STATUS), back);
    assert.match(
      errorOf(await post('hisWrite', single(STATUS, [['10:00', '"BROKEN"']]))) ?? '',
      /"BROKEN" is not a state of Server Status \(RUNNING, STOPPED, ERROR, MAINTENANCE\)/,
    );
  });

  test('a point without his is refused', async () => {
    assert.match(errorOf(await post('hisWrite', single(LIMIT, [['10:00', '16A']]))) ?? '', /no his tag/);
  });
});

describe('hisWrite: merging', () => {
  test('older samples, and samples at a stored time, merge: the last written wins, rows in time order', async () => {
    const id = '@lyon-confluence.ev-charger-3.charger-temperature';
    withoutError(
      await post(
        'hisWrite',
        single(id, [
          ['10:00', '1'],
          ['10:10', '2'],
        ]),
      ),
    );
    withoutError(
      await post(
        'hisWrite',
        single(id, [
          ['10:05', '3'],
          ['09:00', '4'],
          ['10:10', '5'],
          ['09:00', '6'],
        ]),
      ),
    );
    assert.deepEqual(await history(id), [
      ['09:00', '6°C'],
      ['10:00', '1°C'],
      ['10:05', '3°C'],
      ['10:10', '5°C'],
    ]);
  });

  test('a request is written whole or not at all; a null value is skipped', async () => {
    const id = '@lyon-confluence.ev-charger-4.charger-temperature';
    assert.match(
      errorOf(
        await post(
          'hisWrite',
          single(id, [
            ['10:00', '1'],
            ['10:01', '2kW'],
          ]),
        ),
      ) ?? '',
      /unit conversion explicitly disallowed/,
    );
    assert.match(
      errorOf(await post('hisWrite', `ver:"3.0" id:${id}\nts,val\n${at('10:00')},1\n"noon",2\n`)) ?? '',
      /every row needs a ts DateTime/,
    );
    assert.deepEqual(await history(id), []);
    withoutError(
      await post(
        'hisWrite',
        single(id, [
          ['10:00', '1'],
          ['10:01', 'N'],
          ['10:02', '3'],
        ]),
      ),
    );
    assert.deepEqual(await history(id), [
      ['10:00', '1°C'],
      ['10:02', '3°C'],
    ]);
  });

  test('batch: ts, v0, v1… with an id per column; a null cell is no sample', async () => {
    const body = `ver:"3.0"\nts,v0 id:${TEMP2},v1 id:${ALERT}\n${at('12:00')},20,N\n${at('12:01')},N,T\n${at('12:02')},21°C,F\n`;
    withoutError(await post('hisWrite', body));
    assert.deepEqual(await history(TEMP2), [
      ['12:00', '20°C'],
      ['12:02', '21°C'],
    ]);
    assert.deepEqual((await history(ALERT)).slice(-2), [
      ['12:01', 'T'],
      ['12:02', 'F'],
    ]);
    assert.match(
      errorOf(await post('hisWrite', `ver:"3.0"\nts,v0\n${at('12:03')},1\n`)) ?? '',
      /column v0 has no id/,
    );
    assert.match(
      errorOf(await post('hisWrite', `ver:"3.0"\nv0 id:${TEMP2},ts\n1,${at('12:03')}\n`)) ?? '',
      /the first column must be ts/,
    );
    // One bad column: nothing written in any.
    assert.match(
      errorOf(await post('hisWrite', `ver:"3.0"\nts,v0 id:${TEMP2},v1 id:${ALERT}\n${at('12:05')},22,7\n`)) ??
        '',
      /Bool point/,
    );
    assert.equal((await history(TEMP2)).length, 2);
  });
});

describe('batch hisRead: tz', () => {
  test('tz in the grid meta: the range and the answer in that zone; an unknown zone is an error grid', async () => {
    const body = `ver:"3.0"\nts,v0 id:${TEMP2}\n${at('23:30')},19\n`; // 17:30 in New York
    withoutError(await post('hisWrite', body));
    const grid = withoutError(
      await post('hisRead', `ver:"3.0" range:"2026-12-01" tz:"New_York"\nid\n${TEMP2}\n`),
    );
    assert.equal(
      grid.meta.get('hisStart')?.toZinc().replace('.000', ''),
      '2026-12-01T00:00:00-05:00 New_York',
    );
    assert.deepEqual(
      grid.getRows().map((r) => r.get('ts')?.toZinc().replace('.000', '')),
      [
        '2026-12-01T06:00:00-05:00 New_York',
        '2026-12-01T06:02:00-05:00 New_York',
        '2026-12-01T17:30:00-05:00 New_York',
      ],
    );
    const paris = withoutError(await post('hisRead', `ver:"3.0" range:"2026-12-01"\nid\n${TEMP2}\n`));
    assert.equal(
      paris.meta.get('hisStart')?.toZinc().replace('.000', ''),
      '2026-12-01T00:00:00+01:00 Paris',
      'the site’s zone without tz',
    );
    assert.match(
      errorOf(await post('hisRead', `ver:"3.0" range:"2026-12-01" tz:"Atlantis"\nid\n${TEMP2}\n`)) ?? '',
      /unknown time zone 'Atlantis'/,
    );
  });
});

describe('hisWrite on a running site', () => {
  test('a sample later than now is kept and the live samples before it are still recorded', async () => {
    const live = await demoHaystack();
    try {
      const livePost = (op: string, body: string) => postGrid(live.url, live.fetch, op, body);
      const id = '@lyon-confluence.rainwater-tank.level';
      const now = live.clock.now();
      const iso = (t: number) => `${new Date(t).toISOString().slice(0, 19)}Z UTC`;
      const range = `"${iso(now)},${iso(now + 7_200_000)}"`;
      withoutError(await livePost('hisWrite', `ver:"3.0" id:${id}\nts,val\n${iso(now + 3_600_000)},50\n`));
      live.clock.advance(60_000);
      const grid = withoutError(await livePost('hisRead', `ver:"3.0"\nid,range\n${id},${range}\n`));
      const instants = grid.getRows().map((r) => (r.get('ts') as unknown as { date: Date }).date.valueOf());
      assert.ok(
        instants.length > 2,
        `${instants.length} samples: the live ones of the minute and the future one`,
      );
      assert.equal(instants.at(-1), now + 3_600_000);
      assert.ok(
        instants.slice(0, -1).every((t) => t >= now && t <= now + 60_000),
        'live samples of the minute',
      );
      assert.deepEqual(
        instants,
        [...instants].sort((a, b) => a - b),
      );
    } finally {
      await live.close();
    }
  });
});
