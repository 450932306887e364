// Watches are bounded per user, and the bound of all watches is far above what one user can take: one user
// opening watch after watch closes only their own oldest, never refuses another user's watchSub. Over real
// HTTP with the default bounds; the bound of all watches with small bounds on a `Watches` driven by the ops.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { HGrid, ZincReader } from 'haystack-core';
import { OpError } from '../../src/protocols/haystack/grids.js';
import { watchOps } from '../../src/protocols/haystack/ops/watch-ops.js';
import { SiteRecords } from '../../src/protocols/haystack/records.js';
import { DEFAULT_WATCH_LIMITS, Watches } from '../../src/protocols/haystack/watches.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { errorOf, postGrid } from '../support/haystack-call.js';
import { demoHaystack } from '../support/haystack-server.js';

const server = await demoHaystack();
after(() => server.close());

const SETPOINT = '@lyon-confluence.dhw-tank.temperature-setpoint';
const watchIdOf = (grid: HGrid) => grid.meta.get('watchId')?.toString() ?? '';

describe('watch bounds over HTTP', () => {
  test("a viewer opening 1,000 watches keeps their newest 100; the admin's watchSub is still accepted", async () => {
    const victor = await server.login('victor');
    const post = (fetch: typeof globalThis.fetch, op: string, body: string) =>
      postGrid(server.url, fetch, op, body);
    const opened: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const grid = await post(victor.fetch, 'watchSub', `ver:"3.0" watchDis:"w${i}"\nid\n${SETPOINT}\n`);
      assert.equal(errorOf(grid), null, `victor's watch ${i}`);
      opened.push(watchIdOf(grid));
    }
    assert.equal(DEFAULT_WATCH_LIMITS.perUser, 100);
    const polled = async (watchId: string) =>
      errorOf(await post(victor.fetch, 'watchPoll', `ver:"3.0" watchId:"${watchId}"\nempty\n`));
    assert.match((await polled(opened[0] ?? '')) ?? '', /closed or its lease expired/, 'the oldest went');
    assert.match((await polled(opened[899] ?? '')) ?? '', /closed or its lease expired/);
    assert.equal(await polled(opened[900] ?? ''), null, 'the 100th newest is open');
    assert.equal(await polled(opened[999] ?? ''), null, 'the newest is open');

    const admin = await post(server.fetch, 'watchSub', `ver:"3.0" watchDis:"admin"\nid\n${SETPOINT}\n`);
    assert.equal(errorOf(admin), null);
    assert.ok(watchIdOf(admin).startsWith('w-'));
    for (const watchId of opened.slice(900))
      await post(victor.fetch, 'watchUnsub', `ver:"3.0" watchId:"${watchId}" close\nempty\n`);
  });
});

describe('the bound of all watches', () => {
  const records = new SiteRecords(server.site, server.runtime.services, PROTOCOLS);
  let now = 0;
  const watches = new Watches(
    server.runtime.services.points,
    () => '',
    () => now,
    { perUser: 3, total: 5 },
  );
  after(() => watches.stop());
  const ops = new Map(watchOps(watches).map((op) => [op.name, op]));
  /** Runs a watch op as `user`, as the server does; an OpError is returned as its message. */
  async function run(user: string, name: string, zinc: string): Promise<HGrid | string> {
    const request = ZincReader.readValue(zinc) as HGrid;
    const ctx = {
      records,
      services: server.runtime.services,
      request,
      bootTime: 0,
      user,
      role: 'viewer' as const,
      remote: null,
    };
    try {
      return await (ops.get(name)?.run(ctx) as HGrid);
    } catch (e) {
      if (e instanceof OpError) return e.message;
      throw e;
    }
  }
  const open = async (user: string) => {
    now += 1;
    const grid = await run(user, 'watchSub', `ver:"3.0" watchDis:"${user}"\nid\n${SETPOINT}\n`);
    assert.ok(grid instanceof HGrid, String(grid));
    return watchIdOf(grid);
  };
  const alive = async (user: string, watchId: string) =>
    (await run(user, 'watchPoll', `ver:"3.0" watchId:"${watchId}"\nempty\n`)) instanceof HGrid;

  test('when full, the user holding the most watches gives up their least recently polled one', async () => {
    const a = [await open('a'), await open('a'), await open('a')];
    const b = [await open('b'), await open('b')];
    now += 1;
    assert.ok(await alive('a', a[0] ?? ''), 'polling makes a[0] the most recently used of a');
    const c = await open('c');
    assert.equal(watches.countOf('a'), 2);
    assert.equal(await alive('a', a[1] ?? ''), false, "a's least recently polled watch went");
    for (const id of [a[0], a[2]]) assert.ok(await alive('a', id ?? ''));
    for (const id of b) assert.ok(await alive('b', id ?? ''), "b's watches stay");
    assert.ok(await alive('c', c));
  });
});
