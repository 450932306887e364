// The protocol servers while the site stops: once the write path refuses writes, each protocol says so in
// its own terms and changes nothing; `close` ends every connection, even a busy one, within its grace.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { describe, test } from 'node:test';
import { EXCEPTION } from '../../src/protocols/modbus/constants.js';
import { errorOf, postGrid } from '../support/haystack-call.js';
import { demoHaystack } from '../support/haystack-server.js';
import { demoModbus } from '../support/modbus-server.js';

describe('servers while stopping', () => {
  test('Modbus: a write, System Enable too, is refused with exception 06 and changes nothing; a read is answered', async () => {
    const demo = await demoModbus();
    try {
      const client = await demo.client();
      const unit = demo.unitOf('ev-charger-1');
      const before = demo.value('ev-charger-1.max-current-limit');
      demo.runtime.writes.close();
      const write = await client.request(unit, { fc: 6, address: 100, value: 2000 });
      assert.deepEqual(write, { kind: 'exception', fc: 6, exception: EXCEPTION.serverDeviceBusy });
      // System Enable (the parking server's coil 00001), which a disabled site still takes, is refused too.
      const enable = await client.request(demo.unitOf('parking-server'), { fc: 5, address: 0, value: false });
      assert.deepEqual(enable, { kind: 'exception', fc: 5, exception: EXCEPTION.serverDeviceBusy });
      assert.equal(demo.value('parking-server.system-enable'), true);
      const read = await client.request(unit, { fc: 3, address: 100, quantity: 1 });
      assert.ok(read.kind === 'registers', JSON.stringify(read));
      assert.equal(demo.value('ev-charger-1.max-current-limit'), before);
    } finally {
      await demo.close();
    }
  });

  test('Modbus: close with a grace ends each connection, and destroys one the master keeps open', async () => {
    const demo = await demoModbus();
    const client = await demo.client();
    // A master that never closes its side: only the grace ends its connection.
    const stubborn = connect({ port: demo.port, host: '127.0.0.1', allowHalfOpen: true });
    stubborn.on('error', () => {});
    await new Promise((resolve) => stubborn.once('connect', resolve));
    const gotEnd = new Promise((resolve) => stubborn.once('end', resolve));
    // A bounded poll until the server has both connections.
    for (let i = 0; i < 500 && demo.server.connections < 2; i++) await new Promise((r) => setTimeout(r, 5));
    assert.equal(demo.server.connections, 2);
    await demo.server.close(200);
    await gotEnd; // the server ended it before destroying it
    assert.ok(client.closed, 'the well-behaved master saw the connection close');
    stubborn.destroy();
    await demo.runtime.stop();
  });

  test('Haystack: pointWrite while stopping is an error grid saying so, and changes nothing', async () => {
    const api = await demoHaystack();
    try {
      const before = api.runtime.writes.priorityArray('ev-charger-1.max-current-limit');
      api.runtime.writes.close();
      const grid = await postGrid(
        api.url,
        api.fetch,
        'pointWrite',
        'ver:"3.0"\nid,level,val\n@lyon-confluence.ev-charger-1.max-current-limit,10,20\n',
      );
      assert.match(errorOf(grid) ?? '', /stopping/);
      assert.deepEqual(api.runtime.writes.priorityArray('ev-charger-1.max-current-limit'), before);
    } finally {
      await api.close();
    }
  });

  test('Haystack: close ends a connection whose request is still arriving', async () => {
    const api = await demoHaystack();
    const url = new URL(api.url);
    const half = connect(Number(url.port), url.hostname);
    half.on('error', () => {});
    half.resume(); // reads what comes, so that the end of the connection is seen
    const closed = new Promise((resolve) => half.once('close', resolve));
    await new Promise((resolve) => half.once('connect', resolve));
    half.write(
      `POST ${url.pathname}pointWrite HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: text/zinc\r\n` +
        'Content-Length: 1000\r\n\r\nver:"3.0"\n',
    );
    await api.close(); // with no grace: the connection is destroyed at once, not after the body
    await closed;
  });
});
