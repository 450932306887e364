import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import type { Backlog } from './backlog.js';
import { ClientLink } from './client-link.js';

test('a backlog that cannot write (a full disk) loses the messages, counted and logged, and nothing crashes', async () => {
  // A port with nobody on it: every connection attempt is refused, so messages go to the backlog.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const failing: Backlog = {
    size: 0,
    first: 0,
    append() {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    },
    peek: () => [],
    release() {},
    status: () => ({ messages: 0, bytes: 0, oldest: null, dropped: 0 }),
    close() {},
  };
  const errors: string[] = [];
  const link = new ClientLink({
    url: `mqtt://127.0.0.1:${port}`,
    clientId: 'pointyard-test',
    protocolVersion: 4,
    backlog: failing,
    log: { info() {}, warn() {}, error: (_obj, msg) => errors.push(msg ?? '') },
    retry: { firstMs: 60_000, lastMs: 60_000 },
  });
  await link.start(false);
  for (let i = 0; i < 3; i++)
    link.publish({ topic: 't', payload: Buffer.from(String(i)), qos: 1, retain: false });
  // The append happens at the end of the turn.
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(link.status().dropped, 3);
  assert.deepEqual(errors, ['MQTT backlog cannot keep messages (disk full or failing): dropped']);
  await link.close();
});
