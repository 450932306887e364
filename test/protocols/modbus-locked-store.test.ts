// Another program holds the write lock of pointyard.db: a Modbus write waits for it, and meanwhile another
// Modbus master's reads are answered (the event loop is not frozen inside SQLite); once the lock goes, the
// write is committed and acknowledged.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { VirtualClock } from '../../src/core/clock.js';
import { ModbusTcpClient } from '../../src/protocols/modbus/client.js';
import { startModbusServer } from '../../src/protocols/modbus/server.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { loadSite } from '../../src/site/load.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { T0 } from '../runtime/site-fixture.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-modbus-locked-'));
after(() => rmSync(root, { recursive: true, force: true }));

describe('Modbus with the database locked by another program', () => {
  test('a write waits for the lock while another master is answered; then it lands', async () => {
    const { site } = loadSite('sites/demo.yaml', PROTOCOLS);
    assert.ok(site);
    const dir = join(root, 'data');
    const store = new SqliteStore(dir);
    const clock = new VirtualClock(T0);
    const runtime = await Runtime.open({ site, store, clock, seed: 1 });
    let requests = 0;
    const server = await startModbusServer({
      services: runtime.services,
      host: '127.0.0.1',
      port: 0,
      onRequest: () => requests++,
    });
    const writer = await ModbusTcpClient.connect('127.0.0.1', server.port);
    const reader = await ModbusTcpClient.connect('127.0.0.1', server.port);
    const other = new Database(join(dir, 'pointyard.db'));
    const unit = site.devices.find((d) => d.id === 'ev-charger-1')?.numbers.modbus as number;
    try {
      other.exec('BEGIN IMMEDIATE');
      let answered: string | null = null;
      const write = writer.request(unit, { fc: 6, address: 100, value: 1600 }).then((r) => {
        answered = r.kind;
        return r;
      });
      for (let i = 0; i < 500 && requests === 0; i++) await new Promise((resolve) => setTimeout(resolve, 2));
      assert.equal(requests, 1, 'the server has the write');
      for (let i = 0; i < 20; i++) {
        const read = await reader.request(unit, { fc: 3, address: 100, quantity: 1 });
        assert.equal(read.kind, 'registers');
      }
      assert.equal(answered, null, 'twenty reads answered while the write waits for the lock');
      other.exec('COMMIT');
      assert.equal((await write).kind, 'written');
      const audit = other
        .prepare("SELECT via FROM audit WHERE key = 'ev-charger-1.max-current-limit'")
        .all() as Array<{ via: string }>;
      assert.deepEqual(audit, [{ via: 'modbus' }], 'committed, seen by the other connection');
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
      await writer.close();
      await reader.close();
      await server.close();
      await runtime.stop();
      await store.close();
    }
  });
});
