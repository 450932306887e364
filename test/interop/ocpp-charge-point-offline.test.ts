// Interop, offline: the CSMS (ts-ocpp's CentralSystem) stops in the middle of a session; the charger goes on
// metering, ends that session and starts another (a local transaction id); the charge point's process
// "restarts" (the SQLite store closed and reopened from its folder); the CSMS comes back on its port. Every
// transaction message is delivered once, in order, with the ids the CSMS gave, and the energy of each
// StopTransaction equals the charger's.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { VirtualClock } from '../../src/core/clock.js';
import { ChargePoint } from '../../src/protocols/ocpp/charge-point/charge-point.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import {
  ForeignCsms,
  ScriptedCharger,
  skipWithoutTsOcpp as skip,
  until,
} from './ocpp-charge-point-support.js';

const T0 = Date.UTC(2026, 0, 5, 8);
const ID = 'CP-OFFLINE';
const root = mkdtempSync(join(tmpdir(), 'pointyard-ocpp-cp-'));
after(() => rmSync(root, { recursive: true, force: true }));

describe('OCPP charge point offline', { skip }, () => {
  test('a CSMS outage and a restart lose no transaction message and send none twice', async (t) => {
    const clock = new VirtualClock(T0);
    const charger = new ScriptedCharger(clock);
    const dir = join(root, 'data');
    const received: ForeignCsms['received'] = [];
    let csms = await new ForeignCsms(received).start();
    const port = csms.port;
    const settings = {
      url: csms.url,
      id: ID,
      vendor: 'Pointyard',
      model: 'EV Charger Level 2',
      reconnectMinMs: 500,
      reconnectMaxMs: 2000,
    };
    let store = new SqliteStore(dir);
    const open = async () => {
      const cp = await ChargePoint.open({ settings, host: charger, clock, store: store.outbox });
      charger.cp = cp;
      cp.start();
      return cp;
    };
    let cp = await open();
    t.after(async () => {
      await cp.stop();
      await store.close();
      await csms.close();
    });
    await until(() => csms.from(ID, 'StatusNotification').length === 2, 'the boot');
    const pending = async () => (await store.outbox.pending(ID)).map((m) => m.action);

    // Session A starts online and sends one sample.
    const energyA0 = charger.energyWh;
    await charger.begin('TAG-A', 12_000);
    await until(() => cp.transaction?.id === 100, 'transaction A answered');
    clock.advance(60_000);
    await until(() => csms.from(ID, 'MeterValues').length === 1, 'the first sample');

    // The CSMS stops: the next sample and A's stop are queued, B starts and samples offline.
    await csms.close();
    await until(() => !cp.online, 'the link to be lost');
    clock.advance(60_000);
    await charger.end('Local');
    const energyA = charger.energyWh - energyA0;
    const energyB0 = charger.energyWh;
    await charger.begin('TAG-B', 6_000);
    clock.advance(60_000);
    await until(async () => (await pending()).length === 4, 'four queued messages');
    assert.ok((cp.transactionId ?? 0) < 0, 'B has a local id');

    // The process restarts: the store is closed mid-queue and opened again from its folder.
    await cp.stop();
    await store.close();
    store = new SqliteStore(dir);
    cp = await open();
    assert.ok((cp.transactionId ?? 0) < 0, 'B is still under way after the restart');
    clock.advance(60_000);
    await charger.end('Local');
    const energyB = charger.energyWh - energyB0;
    assert.deepEqual(await pending(), [
      'MeterValues',
      'StopTransaction',
      'StartTransaction',
      'MeterValues',
      'MeterValues',
      'StopTransaction',
    ]);

    // The CSMS comes back on its port: the charge point reconnects (its back-off on the virtual clock).
    csms = await new ForeignCsms(received, 101).start(port);
    await until(() => {
      if (!cp.online) clock.advance(250);
      return cp.online;
    }, 'the reconnection');
    await until(async () => (await pending()).length === 0, 'the queue emptied');

    const messages = csms
      .from(ID)
      .filter((r) => ['StartTransaction', 'MeterValues', 'StopTransaction'].includes(r.action));
    assert.deepEqual(
      messages.map((r) => `${r.action} ${r.payload.transactionId ?? r.payload.idTag}`),
      [
        'StartTransaction TAG-A',
        'MeterValues 100',
        'MeterValues 100',
        'StopTransaction 100',
        'StartTransaction TAG-B',
        'MeterValues 101',
        'MeterValues 101',
        'StopTransaction 101',
      ],
    );
    const stamps = messages.map((r) => `${r.action} ${JSON.stringify(r.payload)}`);
    assert.equal(new Set(stamps).size, stamps.length, 'no message twice');
    const [startA, startB] = csms.from(ID, 'StartTransaction').map((r) => r.payload.meterStart as number);
    const [stopA, stopB] = csms.from(ID, 'StopTransaction').map((r) => r.payload.meterStop as number);
    assert.equal((stopA as number) - (startA as number), Math.round(energyA));
    assert.equal((stopB as number) - (startB as number), Math.round(energyB));
    assert.equal(Math.round(energyA), 400, '12 kW for 2 min');
    assert.equal(Math.round(energyB), 200, '6 kW for 2 min');
  });
});
