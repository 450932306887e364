// hisRead with an interval and a rollup over HTTP, on the demo site (Europe/Paris): one row per interval at
// its start in the site's zone, empty intervals left out, booleans and enums by their last value, the batch
// form with the interval in the grid meta, GET parameters, every format, the DST days, and error grids for a
// bad interval or rollup. The runtime is never started: the only history is what these tests write.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { type HDateTime, type HGrid, type HVal, ZincReader } from 'haystack-core';
import { withoutError as ok, postGrid } from '../support/haystack-call.js';
import { idleDemoHaystack } from '../support/haystack-server.js';

const server = await idleDemoHaystack(Date.UTC(2026, 11, 1));
after(() => server.close());

const LEVEL = '@lyon-confluence.rainwater-tank.level';
const VOLUME = '@lyon-confluence.rainwater-tank.volume';
const ALARM = '@lyon-confluence.rainwater-tank.high-level-alarm';
const STATUS = '@lyon-confluence.rainwater-tank.sensor-status'; // OK, WARNING, FAULT
const SPRING = '@lyon-confluence.fuel-tank.level';
const AUTUMN = '@lyon-confluence.fuel-tank.volume';
const MIN = 60_000;
const HOUR = 60 * MIN;

const post = (op: string, body: string) => postGrid(server.url, server.fetch, op, body);
const paris = (local: string, offset: 1 | 2) => `${local}+0${offset}:00 Paris`;
/** A Zinc date-time without zero seconds and milliseconds: `2026-12-01T10:05+01:00 Paris`. */
const zinc = (v: HVal | null | undefined) => (v as HDateTime).toZinc().replace(/:00\.000/, '');
const hisWrite = (id: string, samples: Array<[ts: string, val: number | string]>) =>
  post('hisWrite', `ver:"3.0" id:${id}\nts,val\n${samples.map(([ts, v]) => `${ts},${v}`).join('\n')}\n`).then(
    ok,
  );
const column = (grid: HGrid, name: string) => grid.getRows().map((r) => r.get(name)?.toZinc() ?? null);
const times = (grid: HGrid) => grid.getRows().map((r) => zinc(r.get('ts')));
const DAY_RANGE = '2026-12-01';
const at = (hhmm: string) => paris(`2026-12-01T${hhmm}:00`, 1);

describe('hisRead with an interval and a rollup', () => {
  test('one row per 5 minutes at its start, averaged by default; an empty interval has no row', async () => {
    await hisWrite(LEVEL, [
      [at('10:00'), 10],
      [at('10:01'), 20],
      [at('10:04'), 60],
      [at('10:12'), 40],
      [paris('2026-12-01T10:14:59.999', 1), 50],
      [at('10:15'), 70],
    ]);
    const grid = ok(await post('hisRead', `ver:"3.0"\nid,range,interval\n${LEVEL},"${DAY_RANGE}",5min\n`));
    assert.deepEqual(times(grid), [
      paris('2026-12-01T10:00', 1),
      paris('2026-12-01T10:10', 1),
      paris('2026-12-01T10:15', 1),
    ]);
    assert.deepEqual(column(grid, 'val'), ['30%', '45%', '70%']);
    assert.equal(grid.meta.get('interval')?.toZinc(), '5min');
    assert.equal(grid.meta.get('rollup')?.toString(), 'avg');
    assert.equal(zinc(grid.meta.get('hisStart')), paris('2026-12-01T00:00', 1));
    assert.equal(grid.meta.get('id')?.toZinc().split(' ')[0], LEVEL);
    const raw = ok(await post('hisRead', `ver:"3.0"\nid,range\n${LEVEL},"${DAY_RANGE}"\n`));
    assert.equal(raw.length, 6, 'without an interval: every sample');
  });

  test('min, max, first, last; over an hour and over a day', async () => {
    const read = async (interval: string, rollup: string) =>
      column(
        ok(
          await post(
            'hisRead',
            `ver:"3.0"\nid,range,interval,rollup\n${LEVEL},"${DAY_RANGE}",${interval},"${rollup}"\n`,
          ),
        ),
        'val',
      );
    assert.deepEqual(await read('5min', 'min'), ['10%', '40%', '70%']);
    assert.deepEqual(await read('5min', 'max'), ['60%', '50%', '70%']);
    assert.deepEqual(await read('5min', 'first'), ['10%', '40%', '70%']);
    assert.deepEqual(await read('5min', 'last'), ['60%', '50%', '70%']);
    assert.deepEqual(await read('1h', 'max'), ['70%']);
    assert.deepEqual(await read('1day', 'avg'), ['41.666666666666664%']);
  });

  test('booleans and enums: the last value of each interval', async () => {
    await hisWrite(ALARM, [
      [at('10:00'), 'T'],
      [at('10:03'), 'F'],
      [at('10:06'), 'T'],
    ]);
    await hisWrite(STATUS, [
      [at('10:00'), '"FAULT"'],
      [at('10:01'), '"WARNING"'],
      [at('10:07'), '"OK"'],
    ]);
    for (const rollup of ['avg', 'max', 'last']) {
      const alarm = ok(
        await post(
          'hisRead',
          `ver:"3.0"\nid,range,interval,rollup\n${ALARM},"${DAY_RANGE}",5min,"${rollup}"\n`,
        ),
      );
      assert.deepEqual(column(alarm, 'val'), ['F', 'T'], rollup);
    }
    const status = ok(await post('hisRead', `ver:"3.0"\nid,range,interval\n${STATUS},"${DAY_RANGE}",5min\n`));
    assert.deepEqual(column(status, 'val'), ['"WARNING"', '"OK"']);
    const first = ok(
      await post('hisRead', `ver:"3.0"\nid,range,interval,rollup\n${STATUS},"${DAY_RANGE}",5min,"first"\n`),
    );
    assert.deepEqual(column(first, 'val'), ['"FAULT"', '"OK"']);
  });

  test('the batch form takes interval and rollup in the grid meta; points are joined on the intervals', async () => {
    await hisWrite(VOLUME, [
      [at('10:02'), 100],
      [at('10:21'), 300],
    ]);
    const grid = ok(
      await post(
        'hisRead',
        `ver:"3.0" range:"${DAY_RANGE}" interval:10min rollup:"max"\nid\n${LEVEL}\n${VOLUME}\n`,
      ),
    );
    assert.deepEqual(times(grid), [
      paris('2026-12-01T10:00', 1),
      paris('2026-12-01T10:10', 1),
      paris('2026-12-01T10:20', 1),
    ]);
    assert.deepEqual(column(grid, 'v0'), ['60%', '70%', null]);
    assert.deepEqual(column(grid, 'v1'), ['100L', null, '300L']);
    assert.equal(grid.meta.get('rollup')?.toString(), 'max');
  });

  test('GET parameters, JSON and CSV answer the same rows', async () => {
    const range = encodeURIComponent(`"${DAY_RANGE}"`); // a Zinc Str: a bare date would be a Date
    const query = `id=${encodeURIComponent(LEVEL)}&range=${range}&interval=5min&rollup=max`;
    const get = async (accept: string) =>
      (await server.fetch(`${server.url}hisRead?${query}`, { headers: { accept } })).text();
    const zincGrid = ZincReader.readValue(await get('text/zinc')) as HGrid;
    assert.deepEqual(column(ok(zincGrid), 'val'), ['60%', '50%', '70%']);
    const json = JSON.parse(await get('application/json')) as {
      rows: Array<{ ts: { val: string }; val: { val: number } }>;
    };
    assert.deepEqual(
      json.rows.map((r) => [r.ts.val, r.val.val]),
      [
        ['2026-12-01T10:00:00+01:00', 60],
        ['2026-12-01T10:10:00+01:00', 50],
        ['2026-12-01T10:15:00+01:00', 70],
      ].map(([ts, v]) => [String(ts).replace('+', '.000+'), v]),
    );
    const csv = (await get('text/csv')).trim().split('\n');
    assert.equal(csv.length, 4);
    assert.match(csv[1] ?? '', /^2026-12-01T10:00:00(\.000)?\+01:00 Paris,60%$/);
  });

  test('the spring DST day in hours: 23 rows, 02:00 missing', async () => {
    const instants = Array.from({ length: 48 }, (_, i) => Date.UTC(2026, 2, 28, 23) + i * 30 * MIN);
    await hisWrite(
      SPRING,
      instants.map((t, i) => [`${new Date(t).toISOString().slice(0, 19)}Z UTC`, i]),
    );
    const grid = ok(
      await post('hisRead', `ver:"3.0"\nid,range,interval,rollup\n${SPRING},"2026-03-29",1h,"first"\n`),
    );
    const hours = [0, 1, ...Array.from({ length: 21 }, (_, i) => i + 3)];
    assert.deepEqual(
      times(grid),
      hours.map((h) => paris(`2026-03-29T${String(h).padStart(2, '0')}:00`, h < 2 ? 1 : 2)),
    );
    const days = ok(
      await post('hisRead', `ver:"3.0"\nid,range,interval\n${SPRING},"2026-03-28,2026-03-30",1day\n`),
    );
    // Local days: the 23-hour 29th holds 46 of the samples, the 30th the last two.
    assert.deepEqual(times(days), [paris('2026-03-29T00:00', 1), paris('2026-03-30T00:00', 2)]);
  });

  test('the autumn DST day in hours: 25 rows, 02:00 twice', async () => {
    const instants = Array.from({ length: 25 }, (_, i) => Date.UTC(2026, 9, 24, 22) + i * HOUR);
    await hisWrite(
      AUTUMN,
      instants.map((t, i) => [`${new Date(t).toISOString().slice(0, 19)}Z UTC`, i]),
    );
    const grid = ok(await post('hisRead', `ver:"3.0"\nid,range,interval\n${AUTUMN},"2026-10-25",1h\n`));
    assert.equal(grid.length, 25);
    assert.deepEqual(times(grid).slice(2, 4), [paris('2026-10-25T02:00', 2), paris('2026-10-25T02:00', 1)]);
  });

  test('a bad interval or rollup is an error grid saying what to send', async () => {
    const cases: Array<[string, RegExp]> = [
      [`id,range,interval\n${LEVEL},"${DAY_RANGE}","5min"`, /interval must be a Number with a time unit/],
      [`id,range,interval\n${LEVEL},"${DAY_RANGE}",5`, /interval 5 is not a duration/],
      [`id,range,interval\n${LEVEL},"${DAY_RANGE}",5kW`, /interval 5kW is not a duration/],
      [`id,range,interval\n${LEVEL},"${DAY_RANGE}",0min`, /at least 1ms/],
      [`id,range,interval\n${LEVEL},"${DAY_RANGE}",1.5day`, /whole days/],
      [`id,range,interval,rollup\n${LEVEL},"${DAY_RANGE}",5min,"sum"`, /rollup must be one of avg, min/],
      [`id,range,rollup\n${LEVEL},"${DAY_RANGE}","max"`, /rollup needs an interval/],
    ];
    for (const [body, message] of cases) {
      const grid = await post('hisRead', `ver:"3.0"\n${body}\n`);
      assert.ok(grid.meta.has('err'), body);
      assert.match(grid.meta.get('dis')?.toString() ?? '', message, body);
      assert.ok(!grid.meta.has('errTrace'), 'an expected error, not a failure');
    }
    const batch = await post('hisRead', `ver:"3.0" range:"${DAY_RANGE}" interval:2mo\nid\n${LEVEL}\n`);
    assert.match(batch.meta.get('dis')?.toString() ?? '', /interval 2mo is not a duration/);
  });
});
