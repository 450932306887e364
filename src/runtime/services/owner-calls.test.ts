import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OwnerCallError, OwnerCalls } from './owner-calls.js';

test('a call for a device run here runs its handler here', async () => {
  const calls = new OwnerCalls(() => true);
  calls.handle('double', (device, payload) => ({ device, twice: (payload as number) * 2 }));
  assert.deepEqual(await calls.call('d1', 'double', 21), { device: 'd1', twice: 42 });
});

test('a handler that throws, or a kind without a handler, is an OwnerCallError with its reason', async () => {
  const calls = new OwnerCalls(() => true);
  calls.handle('fail', () => {
    throw new Error('no such fault');
  });
  await assert.rejects(calls.call('d1', 'fail', null), (err: unknown) => {
    assert.ok(err instanceof OwnerCallError);
    assert.equal(err.message, 'no such fault');
    return true;
  });
  await assert.rejects(calls.call('d1', 'unknown', null), /no handler for 'unknown'/);
});

test('a call for a device run elsewhere goes through the transport, and is refused without one', async () => {
  const calls = new OwnerCalls((device) => device === 'here');
  calls.handle('k', () => 'local');
  await assert.rejects(calls.call('there', 'k', null), /runs on another node/);
  const detach = calls.attach({ call: async (device, kind) => `remote ${device} ${kind}` });
  assert.equal(await calls.call('there', 'k', null), 'remote there k');
  assert.equal(await calls.call('here', 'k', null), 'local');
  await assert.rejects(calls.runHere('there', 'k', null), /does not run on this node/);
  detach();
  await assert.rejects(calls.call('there', 'k', null), /runs on another node/);
});

test('one handler per kind; unregistering frees the kind', () => {
  const calls = new OwnerCalls(() => true);
  const off = calls.handle('k', () => 1);
  assert.throws(() => calls.handle('k', () => 2), /already has a handler/);
  off();
  calls.handle('k', () => 2);
});
