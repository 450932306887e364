import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stateOnline } from './host-states.js';

test('a STATE payload reads as online, offline or unreadable, in Sparkplug 3.0 and 2.2 forms', () => {
  assert.equal(stateOnline(Buffer.from('{"online":true,"timestamp":1}')), true);
  assert.equal(stateOnline(Buffer.from('{"online":false,"timestamp":1}')), false);
  assert.equal(stateOnline(Buffer.from('ONLINE')), true);
  assert.equal(stateOnline(Buffer.from('OFFLINE')), false);
  for (const bad of ['', '{', '{"online":"yes"}', 'online', '[true]'])
    assert.equal(stateOnline(Buffer.from(bad)), null, bad);
});
