// Integration Sync's answer: what each interface said, a failure named with its reason, none said so.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { integrationSync } from './integration-sync.js';

test('no interface that can resync: done, and the message says there was nothing to do', async () => {
  assert.deepEqual(await integrationSync([]), {
    kind: 'sync',
    ok: true,
    message: 'nothing to republish: no running interface sends points to clients of its own',
  });
});

test('each answer in order; one failing fails the command, naming it, and the others still run', async () => {
  const asked: string[] = [];
  const answer = (title: string, line: string) => async () => {
    asked.push(title);
    return line;
  };
  const result = await integrationSync([
    { title: 'MQTT', resync: answer('MQTT', '246 points published again') },
    {
      title: 'Other',
      resync: async () => {
        asked.push('Other');
        throw new Error('not connected');
      },
    },
    { title: 'Third', resync: answer('Third', 'done') },
  ]);
  assert.deepEqual(asked, ['MQTT', 'Other', 'Third']);
  assert.deepEqual(result, {
    kind: 'sync',
    ok: false,
    message: 'MQTT: 246 points published again; Other failed: not connected; Third: done',
  });
});
