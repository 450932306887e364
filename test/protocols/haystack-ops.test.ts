// The Haystack ops that act: pointWrite (priority array semantics as BACnet), invokeAction, hisRead ranges,
// hisWrite, and watches with leases.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { errorOf, postGrid, refText } from '../support/haystack-call.js';
import { demoHaystack } from '../support/haystack-server.js';

const server = await demoHaystack();
after(() => server.close());
const post = (op: string, body: string) => postGrid(server.url, server.fetch, op, body);
const LIMIT = '@lyon-confluence.ev-charger-1.max-current-limit';
const value = (key: string) => server.runtime.points.value(server.runtime.points.indexOf(key) as number);

describe('pointWrite', () => {
  test('reads 17 levels, writes a level, relinquishes it, as BACnet does', async () => {
    const before = await post('pointWrite', `ver:"3.0"\nid\n${LIMIT}\n`);
    assert.equal(before.length, 17);
    assert.equal(before.getRows()[16]?.get('levelDis')?.toString(), 'def');
    assert.equal(
      errorOf(await post('pointWrite', `ver:"3.0"\nid,level,val,who\n${LIMIT},12,16A,"alice"\n`)),
      null,
    );
    assert.equal(errorOf(await post('pointWrite', `ver:"3.0"\nid,level,val\n${LIMIT},8,10A\n`)), null);
    assert.equal(value('ev-charger-1.max-current-limit'), 10, 'level 8 wins over 12');
    const levels = await post('pointWrite', `ver:"3.0"\nid\n${LIMIT}\n`);
    assert.equal(levels.getRows()[7]?.get('val')?.toString(), '10A');
    assert.equal(levels.getRows()[11]?.get('who')?.toString(), 'admin (alice)');
    assert.equal(levels.meta.get('writeLevel')?.toString(), '8');
    assert.equal(errorOf(await post('pointWrite', `ver:"3.0"\nid,level,val\n${LIMIT},8,N\n`)), null);
    assert.equal(value('ev-charger-1.max-current-limit'), 16, 'relinquished: level 12 again');
    const audit = await server.runtime.options.store.queryAudit({ key: 'ev-charger-1.max-current-limit' });
    assert.equal(audit[0]?.via, 'haystack');
    assert.equal(audit[0]?.action, 'relinquish');
  });

  test('a refused write is an error grid with the write path’s message, and changes nothing', async () => {
    const before = value('ev-charger-1.max-current-limit');
    assert.match(
      errorOf(await post('pointWrite', `ver:"3.0"\nid,level,val\n${LIMIT},16,99A\n`)) ?? '',
      /outside the allowed range of Max Current Limit: 6 to 32 A/,
    );
    assert.match(
      errorOf(
        await post(
          'pointWrite',
          `ver:"3.0"\nid,level,val\n@lyon-confluence.ev-charger-1.active-power,16,1\n`,
        ),
      ) ?? '',
      /cannot be written/,
    );
    assert.match(
      errorOf(await post('pointWrite', `ver:"3.0"\nid,level,val\n@nope,16,1\n`)) ?? '',
      /unknown record @nope/,
    );
    assert.equal(value('ev-charger-1.max-current-limit'), before);
  });

  test('a timed level-8 override with a duration', async () => {
    assert.equal(
      errorOf(await post('pointWrite', `ver:"3.0"\nid,level,val,duration\n${LIMIT},8,7A,1min\n`)),
      null,
    );
    assert.equal(value('ev-charger-1.max-current-limit'), 7);
    server.clock.advance(61_000);
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
    assert.notEqual(value('ev-charger-1.max-current-limit'), 7, 'expired');
  });

  test('a timed override longer than 30 days is refused, named by its cap, and nothing is written', async () => {
    const before = value('ev-charger-1.max-current-limit');
    for (const duration of ['31day', '5wk', '1yr', '2592001s'])
      assert.match(
        errorOf(await post('pointWrite', `ver:"3.0"\nid,level,val,duration\n${LIMIT},8,9A,${duration}\n`)) ??
          '',
        /at most 30 days \(30day\)/,
        duration,
      );
    assert.equal(value('ev-charger-1.max-current-limit'), before);
    const [refused] = await server.runtime.options.store.queryAudit({
      key: 'ev-charger-1.max-current-limit',
    });
    assert.equal(refused?.action, 'refused');
    assert.match(refused?.note ?? '', /at most 30 days/);
    // 30 days itself is taken, then relinquished.
    assert.equal(
      errorOf(await post('pointWrite', `ver:"3.0"\nid,level,val,duration\n${LIMIT},8,9A,30day\n`)),
      null,
    );
    assert.equal(value('ev-charger-1.max-current-limit'), 9);
    assert.equal(errorOf(await post('pointWrite', `ver:"3.0"\nid,level,val\n${LIMIT},8,N\n`)), null);
  });
});

describe('invokeAction', () => {
  test('runs a momentary action; refuses a point that is not one', async () => {
    assert.equal(
      errorOf(
        await post(
          'invokeAction',
          'ver:"3.0" id:@lyon-confluence.rainwater-tank.reset-min-max action:"RESET"\nempty\n',
        ),
      ),
      null,
    );
    const [audit] = await server.runtime.options.store.queryAudit({ key: 'rainwater-tank.reset-min-max' });
    assert.equal(audit?.action, 'run');
    assert.match(
      errorOf(await post('invokeAction', `ver:"3.0" id:${LIMIT} action:"x"\nempty\n`)) ?? '',
      /not a momentary action/,
    );
  });
});

describe('hisRead and hisWrite', () => {
  test('a point’s history over a date-time range, in the site’s zone, end exclusive', async () => {
    server.clock.advance(10 * 60_000);
    const grid = await post(
      'hisRead',
      'ver:"3.0"\nid,range\n@lyon-confluence.rainwater-tank.level,"2026-01-05T00:00:00Z UTC,2026-01-05T00:05:00Z UTC"\n',
    );
    assert.equal(errorOf(grid), null);
    const times = grid.getRows().map((r) => r.get('ts')?.toZinc() ?? '');
    assert.ok(times.length > 100, `${times.length} samples`);
    assert.match(times[0] ?? '', /^2026-01-05T01:00:00(\.000)?\+01:00 Paris$/);
    assert.ok(
      times.every((t) => t < '2026-01-05T01:05'),
      'end exclusive',
    );
    assert.match(grid.meta.get('hisStart')?.toZinc() ?? '', /^2026-01-05T01:00:00(\.000)?\+01:00 Paris$/);
  });

  test('date ranges run from local midnight to the midnight after; bad ranges are error grids', async () => {
    const grid = await post(
      'hisRead',
      'ver:"3.0"\nid,range\n@lyon-confluence.rainwater-tank.level,"2026-01-05"\n',
    );
    assert.match(grid.meta.get('hisStart')?.toZinc() ?? '', /^2026-01-05T00:00:00(\.000)?\+01:00 Paris$/);
    assert.match(grid.meta.get('hisEnd')?.toZinc() ?? '', /^2026-01-06T00:00:00(\.000)?\+01:00 Paris$/);
    assert.match(
      errorOf(
        await post('hisRead', 'ver:"3.0"\nid,range\n@lyon-confluence.rainwater-tank.level,"last tuesday"\n'),
      ) ?? '',
      /invalid history range/,
    );
  });

  test('batch read of two points joined on time', async () => {
    const grid = await post(
      'hisRead',
      'ver:"3.0" range:"2026-01-05"\nid\n@lyon-confluence.rainwater-tank.level\n@lyon-confluence.fuel-tank.level\n',
    );
    assert.deepEqual(
      grid.getColumns().map((c) => c.name),
      ['ts', 'v0', 'v1'],
    );
    assert.equal(refText(grid.getColumn('v1')?.meta.get('id')), '@lyon-confluence.fuel-tank.level');
  });

  test('hisWrite adds samples that hisRead returns; older ones merge in at their time', async () => {
    // Volume is published hourly: the minutes after now are free.
    const body =
      'ver:"3.0" id:@lyon-confluence.dhw-tank.volume\nts,val\n2026-01-05T01:20:00+01:00 Paris,299\n2026-01-05T01:21:00+01:00 Paris,298\n';
    assert.equal(errorOf(await post('hisWrite', body)), null);
    const back = await post(
      'hisRead',
      'ver:"3.0"\nid,range\n@lyon-confluence.dhw-tank.volume,"2026-01-05T01:15:00+01:00 Paris,2026-01-05T01:30:00+01:00 Paris"\n',
    );
    assert.deepEqual(
      back.getRows().map((r) => r.get('val')?.toString()),
      ['299L', '298L'],
    );
    const old = 'ver:"3.0" id:@lyon-confluence.dhw-tank.volume\nts,val\n2026-01-04T10:00:00+01:00 Paris,1\n';
    assert.equal(errorOf(await post('hisWrite', old)), null);
    const day = await post('hisRead', 'ver:"3.0"\nid,range\n@lyon-confluence.dhw-tank.volume,"2026-01-04"\n');
    assert.deepEqual(
      day.getRows().map((r) => r.get('val')?.toString()),
      ['1L'],
    );
  });
});

describe('watches', () => {
  test('subscribe, poll changes, refresh, unsubscribe', async () => {
    const sub = await post(
      'watchSub',
      `ver:"3.0" watchDis:"test" lease:1min\nid\n@lyon-confluence.pir-1.signal-level\n@nope\n`,
    );
    const watchId = sub.meta.get('watchId')?.toString() ?? '';
    assert.ok(watchId.startsWith('w-'));
    assert.equal(sub.meta.get('lease')?.toString(), '60s');
    assert.deepEqual(
      sub.getRows().map((r) => refText(r.get('id')) ?? null),
      ['@lyon-confluence.pir-1.signal-level', null],
    );
    server.clock.advance(5000);
    const changed = await post('watchPoll', `ver:"3.0" watchId:"${watchId}"\nempty\n`);
    assert.equal(refText(changed.getRows()[0]?.get('id')), '@lyon-confluence.pir-1.signal-level');
    const none = await post('watchPoll', `ver:"3.0" watchId:"${watchId}"\nempty\n`);
    assert.equal(none.length, 0, 'nothing changed since the last poll');
    assert.equal((await post('watchPoll', `ver:"3.0" watchId:"${watchId}" refresh\nempty\n`)).length, 1);
    assert.equal(errorOf(await post('watchUnsub', `ver:"3.0" watchId:"${watchId}" close\nempty\n`)), null);
    assert.match(
      errorOf(await post('watchPoll', `ver:"3.0" watchId:"${watchId}"\nempty\n`)) ?? '',
      /closed or its lease expired/,
    );
  });
});
