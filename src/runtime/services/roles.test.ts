import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RolesService } from './roles.js';

test('alone, every role is held and setting one changes nothing', () => {
  const roles = new RolesService(false);
  const seen: boolean[] = [];
  roles.onChange('mqtt', (held) => seen.push(held));
  roles.set('mqtt', false);
  assert.equal(roles.holds('mqtt'), true);
  assert.deepEqual(seen, []);
});

test('a node of a cluster holds a role only once given, and hears each change once', () => {
  const roles = new RolesService(true);
  const seen: boolean[] = [];
  const off = roles.onChange('mqtt', (held) => seen.push(held));
  assert.equal(roles.holds('mqtt'), false);
  roles.set('mqtt', true);
  roles.set('mqtt', true);
  assert.equal(roles.holds('mqtt'), true);
  assert.equal(roles.holds('sia'), false);
  roles.set('mqtt', false);
  off();
  roles.set('mqtt', true);
  assert.deepEqual(seen, [true, false]);
});
