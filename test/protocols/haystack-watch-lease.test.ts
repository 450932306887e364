// Haystack watches across their leases. Leases run on wall-clock time (a client's liveness is real time even
// when the site runs faster, as for login tokens), and the server does not expose the watches' clock. So:
// over HTTP, expiry is waited for with a one-second lease (a bounded wait on a condition, never a timing
// assertion); the lease arithmetic is driven by a fake clock through the same ops on a `Watches` built with
// its injectable `now`.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { HGrid, ZincReader } from 'haystack-core';
import { OpError } from '../../src/protocols/haystack/grids.js';
import { watchOps } from '../../src/protocols/haystack/ops/watch-ops.js';
import { SiteRecords } from '../../src/protocols/haystack/records.js';
import { Watches } from '../../src/protocols/haystack/watches.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { errorOf, postGrid, refText } from '../support/haystack-call.js';
import { demoHaystack } from '../support/haystack-server.js';

const server = await demoHaystack();
after(() => server.close());

const SETPOINT = '@lyon-confluence.dhw-tank.temperature-setpoint';
const LIMIT = '@lyon-confluence.ev-charger-1.max-current-limit';
const THRESHOLD = '@lyon-confluence.rainwater-tank.high-level-threshold';

const post = (op: string, body: string) => postGrid(server.url, server.fetch, op, body);
const ids = (grid: HGrid) => grid.getRows().map((r) => refText(r.get('id')) ?? null);
const watchIdOf = (grid: HGrid) => grid.meta.get('watchId')?.toString() ?? '';
const close = (watchId: string) => post('watchUnsub', `ver:"3.0" watchId:"${watchId}" close\nempty\n`);
const sub = (meta: string, ...records: string[]) =>
  post('watchSub', `ver:"3.0" ${meta}\nid\n${records.join('\n')}\n`);
const poll = (watchId: string, extra = '') =>
  post('watchPoll', `ver:"3.0" watchId:"${watchId}"${extra}\nempty\n`);
const write = async (id: string, val: string) =>
  assert.equal(errorOf(await post('pointWrite', `ver:"3.0"\nid,level,val\n${id},16,${val}\n`)), null);

/** Waits in bounded steps until `done()` holds, and fails if it never does. */
async function waitUntil(done: () => boolean, what: string) {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  assert.ok(done(), what);
}

describe('watches over HTTP', () => {
  test('watchSub grants the lease asked in any time unit, at most 1 h, 5 min when none is asked', async () => {
    for (const [lease, granted] of [
      ['lease:90s', '90s'],
      ['lease:120', '120s'],
      ['lease:45000ms', '45s'],
      ['lease:2min', '120s'],
      ['lease:2h', '3600s'],
      ['lease:1day', '3600s'],
      ['lease:1wk', '3600s'],
      ['lease:1mo', '3600s'],
      ['lease:1yr', '3600s'],
      ['', '300s'],
    ]) {
      const grid = await sub(`watchDis:"lease" ${lease}`, SETPOINT);
      assert.equal(grid.meta.get('lease')?.toZinc(), granted, lease);
      await close(watchIdOf(grid));
    }
  });

  test('a lease in a unit that is not a time is an error grid', async () => {
    const grid = await sub('watchDis:"kW lease" lease:5kW', SETPOINT);
    assert.match(errorOf(grid) ?? '', /lease needs a time unit .* not 5kW/);
    assert.equal(grid.meta.get('watchId'), undefined);
  });

  test('a poll reports a point written again with the same value at another level (writeLevel)', async () => {
    const watchId = watchIdOf(await sub('watchDis:"levels"', SETPOINT));
    await write(SETPOINT, '57°C');
    assert.deepEqual(ids(await poll(watchId)), [SETPOINT]);
    assert.equal(errorOf(await post('pointWrite', `ver:"3.0"\nid,level,val\n${SETPOINT},10,57°C\n`)), null);
    const changed = await poll(watchId);
    assert.deepEqual(ids(changed), [SETPOINT], 'the same value, now at level 10');
    assert.equal(changed.getRows()[0]?.get('writeLevel')?.toZinc(), '10');
    assert.equal(changed.getRows()[0]?.get('writeVal')?.toZinc(), '57°C');
    // A write at a lower level than the one in force changes neither writeVal nor writeLevel: not reported.
    await write(SETPOINT, '58°C');
    assert.equal((await poll(watchId)).length, 0);
    assert.equal(errorOf(await post('pointWrite', `ver:"3.0"\nid,level,val\n${SETPOINT},10,N\n`)), null);
    const relinquished = await poll(watchId);
    assert.equal(relinquished.getRows()[0]?.get('writeLevel')?.toZinc(), '16');
    await close(watchId);
  });

  test('refresh returns every watched point; a poll after a change returns only the changed ones', async () => {
    // Nothing moves the virtual clock here: the watched setpoints change only when written.
    const watchId = watchIdOf(await sub('watchDis:"changes"', SETPOINT, LIMIT, THRESHOLD));
    assert.equal((await poll(watchId)).length, 0, 'nothing changed since watchSub');
    await write(SETPOINT, '55°C');
    const changed = await poll(watchId);
    assert.deepEqual(ids(changed), [SETPOINT]);
    assert.equal(changed.getRows()[0]?.get('curVal')?.toString(), '55°C');
    assert.equal((await poll(watchId)).length, 0, 'reported once');
    await write(THRESHOLD, '90%');
    await write(LIMIT, '20A');
    assert.deepEqual(new Set(ids(await poll(watchId))), new Set([THRESHOLD, LIMIT]));
    const refresh = await poll(watchId, ' refresh');
    assert.ok(refresh.meta.has('refresh'));
    assert.deepEqual(ids(refresh), [SETPOINT, LIMIT, THRESHOLD]);
    await close(watchId);
  });

  test('watchUnsub removes points; with close it ends the watch, and a poll is then an error grid', async () => {
    const watchId = watchIdOf(await sub('watchDis:"unsub"', SETPOINT, LIMIT));
    assert.equal(errorOf(await post('watchUnsub', `ver:"3.0" watchId:"${watchId}"\nid\n${LIMIT}\n`)), null);
    assert.deepEqual(ids(await poll(watchId, ' refresh')), [SETPOINT]);
    await write(LIMIT, '18A');
    assert.equal((await poll(watchId)).length, 0, 'a removed point is no longer reported');
    assert.equal(errorOf(await close(watchId)), null);
    assert.match(
      errorOf(await poll(watchId)) ?? '',
      new RegExp(`watch ${watchId} is closed or its lease expired`),
    );
    assert.match(errorOf(await sub(`watchId:"${watchId}"`, SETPOINT)) ?? '', /no open watch/);
  });

  test('a watch not polled within its lease expires; one with a longer lease lives on', async () => {
    const short = watchIdOf(await sub('watchDis:"short" lease:1s', SETPOINT));
    const long = watchIdOf(await sub('watchDis:"long" lease:1h', SETPOINT));
    const answered = Date.now();
    await waitUntil(() => Date.now() - answered > 1000, 'more than the lease has passed');
    assert.match(errorOf(await poll(short)) ?? '', /closed or its lease expired/);
    assert.equal(errorOf(await poll(long)), null);
    assert.match(errorOf(await sub(`watchId:"${short}"`, LIMIT)) ?? '', /no open watch/);
  });

  test('a lease that is not a positive duration gets the default', async () => {
    for (const lease of ['lease:NaN', 'lease:-5min', 'lease:0s']) {
      const grid = await sub(`watchDis:"odd" ${lease}`, SETPOINT);
      assert.equal(grid.meta.get('lease')?.toZinc(), '300s', lease);
      await close(watchIdOf(grid));
    }
  });
});

describe('watch leases on a fake clock', () => {
  let now = 0;
  const records = new SiteRecords(server.site, server.runtime.services, PROTOCOLS);
  const watches = new Watches(
    server.runtime.services.points,
    () => '',
    () => now,
  );
  after(() => watches.stop());
  const ops = new Map(watchOps(watches).map((op) => [op.name, op]));
  /** Runs a watch op as the server does; an OpError is returned as its message (the error grid's dis). */
  async function run(name: string, zinc: string): Promise<HGrid | string> {
    const request = ZincReader.readValue(zinc) as HGrid;
    const ctx = {
      records,
      services: server.runtime.services,
      request,
      bootTime: 0,
      user: 'test',
      role: 'admin' as const,
      remote: null,
    };
    try {
      return await (ops.get(name)?.run(ctx) as HGrid);
    } catch (e) {
      if (e instanceof OpError) return e.message;
      throw e;
    }
  }
  const open = async (lease: string) => {
    const grid = await run('watchSub', `ver:"3.0" watchDis:"fake" lease:${lease}\nid\n${SETPOINT}\n`);
    assert.ok(grid instanceof HGrid, String(grid));
    return watchIdOf(grid);
  };
  const alive = async (watchId: string) =>
    (await run('watchPoll', `ver:"3.0" watchId:"${watchId}"\nempty\n`)) instanceof HGrid;

  test('each poll renews the lease: polled within it, a watch lives far past its first lease', async () => {
    const watchId = await open('1min');
    for (let i = 0; i < 10; i++) {
      now += 59_000;
      assert.ok(await alive(watchId), `poll ${i + 1}, ${now / 1000} s after watchSub`);
    }
    now += 60_000;
    assert.ok(await alive(watchId), 'a poll exactly one lease after the last is still in time');
    now += 60_001;
    assert.match(
      String(await run('watchPoll', `ver:"3.0" watchId:"${watchId}"\nempty\n`)),
      /closed or its lease expired/,
    );
  });

  test('watchSub on an open watch renews it and may change its lease', async () => {
    const watchId = await open('1min');
    now += 50_000;
    const renewed = await run('watchSub', `ver:"3.0" watchId:"${watchId}" lease:2min\nid\n${LIMIT}\n`);
    assert.ok(renewed instanceof HGrid);
    assert.equal(renewed.meta.get('lease')?.toZinc(), '120s');
    now += 110_000; // past the first lease, within the new one
    assert.ok(await alive(watchId));
    now += 120_001;
    assert.equal(await alive(watchId), false);
  });

  test('every watch has its own lease; an expired one cannot be subscribed to again', async () => {
    const short = await open('30s');
    const long = await open('5min');
    now += 31_000;
    assert.equal(await alive(short), false);
    assert.ok(await alive(long));
    assert.match(
      String(await run('watchSub', `ver:"3.0" watchId:"${short}"\nid\n${LIMIT}\n`)),
      /no open watch/,
    );
  });
});
