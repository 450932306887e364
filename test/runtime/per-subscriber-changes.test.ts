// Change delivery per subscriber: the point store announces every change, and each subscriber of the
// services' change feed — and each Haystack watch — filters it with its own change-of-value increments and
// its own reference (the value it last passed on), so that one subscriber's increment or history never hides
// a change from another.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VirtualClock } from '../../src/core/clock.js';
import { Watches } from '../../src/protocols/haystack/watches.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { makeSite, T0 } from './site-fixture.js';

async function open() {
  const site = makeSite([['tank', 'dhw-tank', { behaviour: 'generic' }]]);
  const runtime = await Runtime.open({
    site,
    store: new MemoryStore(),
    clock: new VirtualClock(T0),
    seed: 1,
  });
  // A measured number with a range of 100 or more: its default increment is 0.1 % of that range.
  const entry = runtime.points.entries.find(
    (e) =>
      e.point.kind === 'sensor' &&
      e.point.type === 'number' &&
      e.point.min !== null &&
      e.point.max !== null &&
      e.point.max - e.point.min >= 100,
  );
  assert.ok(entry, 'the profile has a measured number with a range');
  const range = (entry.point.max as number) - (entry.point.min as number);
  let ts = T0;
  /** A device publishing a new value (what a behaviour or a connector does). */
  const publish = (value: number) => runtime.points.update(entry.index, value, ++ts);
  publish(50);
  return { runtime, entry, increment: range / 1000, publish };
}

test('two subscribers of the change feed, each with its own increment, see the same point differently', async () => {
  const { runtime, entry, increment, publish } = await open();
  const fine: number[] = [];
  const coarse: number[] = [];
  const every: number[] = [];
  const feeds = [
    runtime.services.points.subscribe((i, c) => i === entry.index && c && fine.push(c.value as number)),
    runtime.services.points.subscribe((i, c) => i === entry.index && c && coarse.push(c.value as number), {
      increment: () => increment * 10,
    }),
    runtime.services.points.subscribe((i, c) => i === entry.index && c && every.push(c.value as number), {
      increment: null,
    }),
  ];
  const step = increment * 0.6;
  for (let k = 1; k <= 20; k++) publish(50 + k * step);
  // Unfiltered: all 20; default increment: every second small move adds up to one increment; ten times
  // coarser: every 17th step or so.
  assert.equal(every.length, 20);
  assert.ok(fine.length >= 9 && fine.length <= 10, `default increment passed ${fine.length} of 20`);
  assert.ok(coarse.length >= 1 && coarse.length <= 2, `coarse increment passed ${coarse.length} of 20`);
  // Each one's passes are increments apart from its own previous pass, however the other one saw them.
  for (const [seen, inc] of [
    [fine, increment],
    [coarse, increment * 10],
  ] as const)
    for (let k = 1; k < seen.length; k++)
      assert.ok((seen[k] as number) - (seen[k - 1] as number) >= inc - 1e-9);

  // One subscriber sets its own increment for this point: the other keeps the default.
  feeds[0]?.setIncrement(entry.index, 0);
  const before = { fine: fine.length, coarse: coarse.length };
  publish(50 + 20 * step + increment / 100);
  assert.equal(fine.length, before.fine + 1, 'increment 0: every move passes');
  assert.equal(coarse.length, before.coarse);

  // A status change passes every filter, whatever the value did.
  runtime.points.setStatus(entry.index, 'fault', T0 + 1000);
  assert.equal(coarse.length, before.coarse + 1);
  for (const feed of feeds) feed.close();
  publish(0);
  assert.equal(every.length, 22, 'a closed feed calls nobody');
  await runtime.stop();
});

test('each Haystack watch keeps its own reference: a watch added later is not held back by what others were sent', async () => {
  const { runtime, entry, increment, publish } = await open();
  const watches = new Watches(
    runtime.services.points,
    (index) => `r-${index}`,
    () => 0,
  );
  const id = `r-${entry.index}`;
  const early = watches.open(null, 'early', null, 'alice');
  const late = watches.open(null, 'late', null, 'bob');
  assert.ok(early && late);
  watches.add(early, [id]); // its client read 50
  publish(50 + increment * 0.8); // below the increment for the early watch
  watches.add(late, [id]); // its client read 50 + 0.8 increment
  publish(50 + increment * 1.5);
  // The early watch: 1.5 increments from what it reported; the late one: 0.7 from what its client read.
  assert.deepEqual([...early.changed], [id]);
  assert.deepEqual([...late.changed], []);
  publish(50 + increment * 1.9);
  assert.deepEqual([...late.changed], [id], 'the late watch: 1.1 increments from what its client read');

  // A point removed and added again starts from what the client reads then, not from an old reference.
  early.changed.clear();
  watches.remove(early, [id]);
  publish(80);
  watches.add(early, [id]); // its client read 80
  publish(80 - increment * 0.5);
  assert.deepEqual([...early.changed], [], 'half an increment from what the client read: not sent');
  watches.stop();
  await runtime.stop();
});
