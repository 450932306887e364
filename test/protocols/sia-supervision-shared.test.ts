// Link supervision on a node of a cluster (the `sia-supervision` role's holder), on a virtual clock: the
// accounts may be heard by the other nodes' receivers, which write the shared last-seen time. An account
// heard elsewhere within interval + grace is not lost here; a lost account is restored when another receiver
// hears it; with nothing heard anywhere it is lost as on a node alone. And the role gate: the supervision
// runs only while the role is held.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VirtualClock } from '../../src/core/clock.js';
import { followRole } from '../../src/protocols/role-gate.js';
import { LinkSupervisor } from '../../src/protocols/sia/supervision/link-supervisor.js';
import { RolesService } from '../../src/runtime/services/roles.js';
import { T0 } from '../runtime/site-fixture.js';
import { quietLog } from './sia-transmitter-rig.js';

const S = 1000;
const account = { account: '1001', device: null, intervalMs: 60 * S, graceMs: 30 * S };

/** Lets the promises of the supervisor's reads settle. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

test('an account another receiver hears is not lost; lost, it is restored when another receiver hears it', async () => {
  const clock = new VirtualClock(T0);
  const events: string[] = [];
  let sharedSeen: number | null = null;
  let reads = 0;
  const supervisor = new LinkSupervisor(
    [account],
    clock,
    {
      lost: (_a, lastHeard, at) => events.push(`lost ${(at - T0) / S} (last ${(lastHeard - T0) / S})`),
      restored: (_a, since, at) => events.push(`restored ${(at - T0) / S} (since ${(since - T0) / S})`),
    },
    {
      lastSeen: async () => {
        reads++;
        return sharedSeen;
      },
      pollMs: S,
    },
  );
  try {
    // Heard by another node at 80 s: not lost at 90 s; due at 170 s.
    sharedSeen = T0 + 80 * S;
    clock.advanceTo(T0 + 90 * S);
    await settle();
    assert.deepEqual(events, []);
    assert.equal(supervisor.status()[0]?.state, 'ok');
    assert.ok(reads >= 1, 'the shared time was read at the deadline');
    // Nothing heard anywhere since: lost at 170 s.
    clock.advanceTo(T0 + 170 * S);
    await settle();
    assert.deepEqual(events, ['lost 170 (last 80)']);
    // Still nothing: polled, still lost.
    clock.advanceTo(T0 + 175 * S);
    await settle();
    assert.equal(supervisor.status()[0]?.state, 'lost');
    // Another receiver hears it at 176 s: restored at the next poll.
    sharedSeen = T0 + 176 * S;
    for (let i = 0; i < 3 && supervisor.status()[0]?.state === 'lost'; i++) {
      clock.advance(S);
      await settle();
    }
    assert.deepEqual(events, ['lost 170 (last 80)', 'restored 176 (since 170)']);
    assert.equal(supervisor.status()[0]?.lastHeard, new Date(T0 + 176 * S).toISOString());
  } finally {
    supervisor.close();
  }
});

test('the role gate: started while the role is held, stopped when it is lost, never after close', async () => {
  const roles = new RolesService(true);
  const running: string[] = [];
  let n = 0;
  const gate = followRole({
    roles,
    role: 'sia-supervision',
    log: quietLog,
    start: async () => {
      const id = `s${++n}`;
      running.push(id);
      return id;
    },
    stop: async (id) => {
      running.splice(running.indexOf(id), 1);
    },
  });
  await gate.settled();
  assert.equal(gate.current(), null, 'a node of a cluster plays no role until given one');
  roles.set('sia-supervision', true);
  await gate.settled();
  assert.equal(gate.current(), 's1');
  roles.set('sia-supervision', false);
  await gate.settled();
  assert.deepEqual(running, []);
  roles.set('sia-supervision', true);
  await gate.settled();
  assert.deepEqual(running, ['s2']);
  await gate.close();
  assert.deepEqual(running, []);
  roles.set('sia-supervision', false);
  roles.set('sia-supervision', true);
  await gate.settled();
  assert.equal(gate.current(), null);
  // Alone: started at once.
  const alone = followRole({
    roles: new RolesService(false),
    role: 'x',
    log: quietLog,
    start: async () => 'on',
    stop: async () => {},
  });
  await alone.settled();
  assert.equal(alone.current(), 'on');
  await alone.close();
});
