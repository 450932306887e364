// A process killed between queueing a transaction message and saving the transaction: the charge point
// opens with the transaction the outbox says (SQLite store in a temporary folder), so no stop is lost and
// no finished transaction goes on sampling.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { VirtualClock } from '../../src/core/clock.js';
import { ChargePoint } from '../../src/protocols/ocpp/charge-point/charge-point.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { ScriptedCharger } from '../interop/ocpp-charge-point-support.js';

const T0 = Date.UTC(2026, 0, 5, 8);
const root = mkdtempSync(join(tmpdir(), 'pointyard-ocpp-recovery-'));
after(() => rmSync(root, { recursive: true, force: true }));

async function open(store: SqliteStore, id: string) {
  const clock = new VirtualClock(T0 + 600_000);
  const settings = { url: 'ws://127.0.0.1:1/ocpp', id, vendor: 'Pointyard', model: 'EV' };
  return ChargePoint.open({ settings, host: new ScriptedCharger(clock), clock, store: store.outbox });
}

test('a StartTransaction queued but its transaction never saved: the transaction is recovered and stops', async () => {
  const store = new SqliteStore(join(root, 'start'));
  try {
    const seq = await store.outbox.enqueue('CP-R1', 'StartTransaction', {
      connectorId: 1,
      idTag: 'TAG',
      meterStart: 5000,
      timestamp: new Date(T0).toISOString(),
    });
    const cp = await open(store, 'CP-R1');
    assert.deepEqual(cp.transaction, { localId: -seq, idTag: 'TAG', startedAt: T0, meterStartWh: 5000 });
    await cp.sessionStopped({ meterStopWh: 6000, reason: 'Local' });
    const queued = await store.outbox.pending('CP-R1');
    assert.deepEqual(
      queued.map((m) => [m.action, m.payload.transactionId, m.payload.meterStop]),
      [
        ['StartTransaction', undefined, undefined],
        ['StopTransaction', -seq, 6000],
      ],
    );
    assert.equal((await open(store, 'CP-R1')).transaction, null, 'stopped for good');
  } finally {
    await store.close();
  }
});

test('a StopTransaction queued but the transaction not yet cleared: no transaction after the restart', async () => {
  const store = new SqliteStore(join(root, 'stop'));
  try {
    const transaction = { localId: -7, id: 123, idTag: 'TAG', startedAt: T0, meterStartWh: 0 };
    await store.outbox.saveState('CP-R2', new Map([['transaction', JSON.stringify(transaction)]]));
    await store.outbox.enqueue('CP-R2', 'StopTransaction', {
      transactionId: 123,
      meterStop: 10,
      timestamp: new Date(T0).toISOString(),
    });
    assert.equal((await open(store, 'CP-R2')).transaction, null);
    assert.equal((await store.outbox.loadState('CP-R2')).has('transaction'), false);
  } finally {
    await store.close();
  }
});
