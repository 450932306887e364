// Momentary actions over Haystack: one model everywhere. A record with the `action` marker (and `actionWord`),
// never `writable`, no writeVal or writeLevel, the same through read, nav and watchSub; run by invokeAction or
// by a pointWrite of its word (or true), level or not; a pointWrite with only its id says how to run it.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { HDict, HGrid } from 'haystack-core';
import { errorOf, postGrid, withoutError } from '../support/haystack-call.js';
import { demoHaystack } from '../support/haystack-server.js';

const server = await demoHaystack();
after(() => server.close());

const RESET = '@lyon-confluence.rainwater-tank.reset-min-max';
const post = (op: string, body: string) => postGrid(server.url, server.fetch, op, body);
const rowOf = (grid: HGrid): HDict | undefined =>
  withoutError(grid)
    .getRows()
    .find((r) => r.get('id')?.toZinc().startsWith(RESET));
const runs = async () =>
  (await server.runtime.options.store.queryAudit({ key: 'rainwater-tank.reset-min-max' })).filter(
    (a) => a.action === 'run',
  ).length;

/** The tags that tell a client what the record is and how to command it. */
function commandTags(record: HDict | undefined) {
  assert.ok(record, 'the action point is in the answer');
  return ['action', 'actionWord', 'writable', 'writeVal', 'writeLevel', 'cmd'].map((name) => [
    name,
    record.get(name)?.toZinc() ?? null,
  ]);
}

const EXPECTED = [
  ['action', 'M'],
  ['actionWord', '"RESET"'],
  ['writable', null],
  ['writeVal', null],
  ['writeLevel', null],
  ['cmd', 'M'],
];

test('read, nav and watchSub show an action the same way: action marker, not writable', async () => {
  assert.deepEqual(commandTags(rowOf(await post('read', `ver:"3.0"\nid\n${RESET}\n`))), EXPECTED);
  const nav = await post('nav', `ver:"3.0"\nnavId\n@lyon-confluence.rainwater-tank\n`);
  assert.deepEqual(commandTags(rowOf(nav)), EXPECTED);
  const watch = await post('watchSub', `ver:"3.0" watchDis:"actions"\nid\n${RESET}\n`);
  assert.deepEqual(commandTags(rowOf(watch)), EXPECTED);
  await post('watchUnsub', `ver:"3.0" watchId:"${watch.meta.get('watchId')}" close\nempty\n`);
});

test('pointWrite with only the id is an error grid that says how to run it', async () => {
  const grid = await post('pointWrite', `ver:"3.0"\nid\n${RESET}\n`);
  assert.match(
    errorOf(grid) ?? '',
    /Reset Min\/Max is a momentary action: it has no priority array; run it with invokeAction \(or a pointWrite of RESET\)/,
  );
});

test('invokeAction and pointWrite of the word (with a level or not) or of true each run it once', async () => {
  const before = await runs();
  for (const [op, body] of [
    ['invokeAction', `ver:"3.0" id:${RESET} action:"RESET"\nempty\n`],
    ['pointWrite', `ver:"3.0"\nid,level,val\n${RESET},16,"RESET"\n`],
    ['pointWrite', `ver:"3.0"\nid,val\n${RESET},"reset"\n`],
    ['pointWrite', `ver:"3.0"\nid,val\n${RESET},T\n`],
    // A grid of no columns, as haystack-core writes one (haystack-nclient's invokeAction): an empty column line.
    ['invokeAction', `ver:"3.0" id:${RESET} action:"RESET"\n\n\n`],
  ] as const)
    assert.equal(errorOf(await post(op, body)), null, body);
  assert.equal(await runs(), before + 5);
});

test('another word, a Number or a relinquish is an error grid and runs nothing', async () => {
  const before = await runs();
  for (const [body, message] of [
    [`ver:"3.0"\nid,val\n${RESET},"BACKUP"\n`, /write RESET \(or true\) to run it/],
    [`ver:"3.0"\nid,val\n${RESET},1\n`, /takes a Bool \(true\) or the Str RESET, not 1/],
    [`ver:"3.0"\nid,level,val\n${RESET},16,N\n`, /nothing to relinquish/],
  ] as const)
    assert.match(errorOf(await post('pointWrite', body)) ?? '', message, body);
  assert.equal(await runs(), before);
});
