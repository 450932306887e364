// The balancing rule alone (no database): nodes take turns at their heartbeats in any order from any starting
// holdings; within a few rounds every live node holds floor or ceil of its share and nothing is free, and from
// then on no heartbeat claims or releases anything (no ping-pong); a draining node releases all, claims none.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { balance } from '../../src/cluster/leases-balance.js';

interface World {
  devices: number;
  held: Map<string, number>;
  free: number;
  draining: Set<string>;
}

/** One heartbeat of `me`: its plan applied (releases first, then claims from what is free). */
function beat(world: World, me: string): { claimed: number; released: number } {
  const names = [...world.held.keys()];
  const live = names.filter((n) => !world.draining.has(n));
  const plan = balance({
    me,
    draining: world.draining.has(me),
    devices: world.devices,
    held: world.held,
    live,
  });
  const mine = world.held.get(me) ?? 0;
  const released = Math.min(plan.release, mine);
  world.free += released;
  const claimed = Math.min(plan.claim, world.free);
  world.free -= claimed;
  world.held.set(me, mine - released + claimed);
  return { claimed, released };
}

const worlds = fc
  .record({
    nodes: fc.integer({ min: 1, max: 5 }),
    devices: fc.integer({ min: 0, max: 40 }),
    shares: fc.array(fc.nat({ max: 1000 }), { minLength: 5, maxLength: 5 }),
    drainingMask: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
    orders: fc.array(fc.array(fc.nat({ max: 4 }), { minLength: 5, maxLength: 15 }), {
      minLength: 10,
      maxLength: 10,
    }),
  })
  .map(({ nodes, devices, shares, drainingMask, orders }) => {
    // A random starting holding of at most `devices` leases among the nodes, the rest free.
    const names = Array.from({ length: nodes }, (_, i) => `n${i}`);
    const weights = shares.slice(0, nodes);
    const total = weights.reduce((a, b) => a + b, 0) || 1;
    const held = new Map(names.map((n, i) => [n, Math.floor(((weights[i] as number) * devices) / total)]));
    const used = [...held.values()].reduce((a, b) => a + b, 0);
    const draining = new Set(names.filter((_, i) => drainingMask[i] && i > 0));
    return { world: { devices, held, free: devices - used, draining }, names, orders };
  });

test('every order of heartbeats converges to an even share and then nothing changes hands', () => {
  fc.assert(
    fc.property(worlds, ({ world, names, orders }) => {
      // Three rounds in which every node beats at least once (in any order, some several times)…
      for (const order of orders.slice(0, 3)) {
        for (const i of order) beat(world, names[i % names.length] as string);
        for (const name of names) beat(world, name);
      }
      const live = names.filter((n) => !world.draining.has(n));
      const floor = Math.floor(world.devices / live.length);
      const ceil = Math.ceil(world.devices / live.length);
      assert.equal(world.free, 0, 'nothing left free');
      for (const name of names) {
        const count = world.held.get(name) ?? 0;
        if (world.draining.has(name)) assert.equal(count, 0, `${name} drains`);
        else assert.ok(count === floor || count === ceil, `${name} holds ${count} of ${floor}..${ceil}`);
      }
      // …and then, whatever the order, no heartbeat claims or releases anything.
      for (const order of orders.slice(3)) {
        for (const i of order) {
          const moved = beat(world, names[i % names.length] as string);
          assert.deepEqual(moved, { claimed: 0, released: 0 });
        }
      }
    }),
    { numRuns: 2000 },
  );
});

test('a draining node releases everything and claims nothing', () => {
  const held = new Map([
    ['a', 5],
    ['b', 2],
  ]);
  assert.deepEqual(balance({ me: 'a', draining: true, devices: 10, held, live: ['b'] }), {
    claim: 0,
    release: 5,
  });
});
