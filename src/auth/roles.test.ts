// Roles: the spec's table, every level.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { can, isRole } from './roles.js';

test('viewer reads; operator writes at 8–16 and invokes; admin does everything', () => {
  for (const level of [1, 7, 8, 16]) {
    assert.equal(can('viewer', 'write', level), false);
    assert.equal(can('operator', 'write', level), level >= 8, `operator at ${level}`);
    assert.equal(can('admin', 'write', level), true);
  }
  assert.deepEqual(
    (['viewer', 'operator', 'admin'] as const).map((r) => [
      can(r, 'read'),
      can(r, 'invoke'),
      can(r, 'admin'),
    ]),
    [
      [true, false, false],
      [true, true, false],
      [true, true, true],
    ],
  );
});

test('a write without a valid level is for an admin only', () => {
  assert.equal(can('operator', 'write'), false);
  assert.equal(can('admin', 'write'), true);
  for (const level of [0, 17, 8.5, Number.NaN]) {
    assert.equal(can('operator', 'write', level), false, `operator at ${level}`);
    assert.equal(can('admin', 'write', level), false, `admin at ${level}`);
  }
  assert.equal(isRole('operator'), true);
  assert.equal(isRole('root'), false);
});
