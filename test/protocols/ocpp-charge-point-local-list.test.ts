// The local authorization list: full and differential updates, versions, removals, expiry, and the lengths
// it refuses without changing anything.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  LOCAL_LIST_MAX,
  SEND_LOCAL_LIST_MAX,
} from '../../src/protocols/ocpp/charge-point/configuration-keys.js';
import { LocalList } from '../../src/protocols/ocpp/charge-point/local-list.js';

const T0 = Date.UTC(2026, 0, 5);
const accepted = (idTag: string, expiryDate?: string) => ({
  idTag,
  idTagInfo: { status: 'Accepted' as const, ...(expiryDate ? { expiryDate } : {}) },
});

test('updates, versions, removals and expiry', () => {
  const list = new LocalList(undefined);
  const tomorrow = new Date(T0 + 86_400_000).toISOString();
  assert.equal(
    list.update({
      listVersion: 2,
      updateType: 'Full',
      localAuthorizationList: [accepted('A'), accepted('B', tomorrow)],
    }),
    'Accepted',
  );
  assert.equal(
    list.update({ listVersion: 2, updateType: 'Differential', localAuthorizationList: [] }),
    'VersionMismatch',
  );
  assert.equal(
    list.update({ listVersion: 3, updateType: 'Differential', localAuthorizationList: [{ idTag: 'A' }] }),
    'Accepted',
  );
  assert.equal(list.accepts('A', T0), false, 'removed');
  assert.equal(list.accepts('B', T0), true);
  assert.equal(list.accepts('B', T0 + 2 * 86_400_000), false, 'expired');
  const kept = new LocalList(list.state().get('localList'));
  assert.equal(kept.listVersion, 3);
  assert.equal(kept.accepts('B', T0), true);
});

test('too many entries: Failed, and nothing changes', () => {
  const list = new LocalList(undefined);
  const many = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => accepted(`${prefix}${i}`));
  assert.equal(
    list.update({
      listVersion: 1,
      updateType: 'Full',
      localAuthorizationList: many(SEND_LOCAL_LIST_MAX + 1, 'X'),
    }),
    'Failed',
  );
  for (let v = 1; v * SEND_LOCAL_LIST_MAX <= LOCAL_LIST_MAX; v++)
    assert.equal(
      list.update({
        listVersion: v,
        updateType: 'Differential',
        localAuthorizationList: many(SEND_LOCAL_LIST_MAX, `V${v}-`),
      }),
      'Accepted',
    );
  const before = list.state();
  assert.equal(
    list.update({
      listVersion: 99,
      updateType: 'Differential',
      localAuthorizationList: [accepted('ONE-MORE')],
    }),
    'Failed',
  );
  assert.deepEqual(list.state(), before);
  assert.equal(list.accepts('ONE-MORE', T0), false);
});
