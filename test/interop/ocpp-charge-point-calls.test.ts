// Interop: the CSMS's calls to Pointyard's charge point, sent by ts-ocpp's CentralSystem, answered with the
// statuses OCPP 1.6 gives; the boot's Pending answer; transaction messages the CSMS refuses, retried and
// given up as TransactionMessageAttempts/RetryInterval say; configuration kept across a restart.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { VirtualClock } from '../../src/core/clock.js';
import { ChargePoint } from '../../src/protocols/ocpp/charge-point/charge-point.js';
import type { ChargePointSettings } from '../../src/protocols/ocpp/charge-point/settings.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import type { OutboxStore } from '../../src/store/outbox.js';
import {
  ForeignCsms,
  ScriptedCharger,
  skipWithoutTsOcpp as skip,
  until,
} from './ocpp-charge-point-support.js';

const T0 = Date.UTC(2026, 0, 5, 8);

describe('the CSMS calls Pointyard charge point', { skip }, () => {
  let csms: ForeignCsms;
  before(async () => {
    csms = await new ForeignCsms().start();
  });
  after(() => csms.close());

  async function chargePoint(id: string, more: Partial<ChargePointSettings> = {}, store?: OutboxStore) {
    const clock = new VirtualClock(T0);
    const charger = new ScriptedCharger(clock);
    const cp = await ChargePoint.open({
      settings: { url: csms.url, id, vendor: 'Pointyard', model: 'EV Charger Level 2', ...more },
      host: charger,
      clock,
      store: store ?? new MemoryStore().outbox,
    });
    charger.cp = cp;
    cp.start();
    return {
      clock,
      charger,
      cp,
      send: (action: string, p: object) => csms.send(id, action, p as Record<string, unknown>),
    };
  }
  const booted = (id: string) => until(() => csms.from(id, 'StatusNotification').length >= 2, `${id} booted`);

  test('a Pending boot waits the interval the CSMS gives, then boots again', async (t) => {
    let boots = 0;
    csms.answers.BootNotification = () => ({
      status: ++boots === 1 ? 'Pending' : 'Accepted',
      interval: 30,
      currentTime: new Date().toISOString(),
    });
    t.after(() => delete csms.answers.BootNotification);
    const { clock, cp } = await chargePoint('CP-PENDING');
    t.after(() => cp.stop());
    await until(() => cp.state === 'pending', 'Pending');
    clock.advance(29_000);
    assert.equal(boots, 1);
    clock.advance(1_000);
    await booted('CP-PENDING');
    assert.equal(boots, 2);
    assert.equal(cp.config.text('HeartbeatInterval'), '30', 'the interval of the Accepted boot');
  });

  test('a refused StartTransaction is retried after RetryInterval × attempts, given up after the last', async (t) => {
    const refusals = new Map<string, number>();
    csms.answers.StartTransaction = (p) => {
      const n = (refusals.get(p.idTag as string) ?? 0) + 1;
      refusals.set(p.idTag as string, n);
      if (p.idTag === 'NEVER' || n < 3) throw new Error('not now');
      return { transactionId: 7, idTagInfo: { status: 'Accepted' } };
    };
    t.after(() => delete csms.answers.StartTransaction);
    const configuration = { TransactionMessageAttempts: '3', TransactionMessageRetryInterval: '10' };
    const { clock, charger, cp } = await chargePoint('CP-RETRY', { configuration });
    t.after(() => cp.stop());
    await booted('CP-RETRY');
    await charger.begin('LATER');
    await until(() => refusals.get('LATER') === 1, 'the first refusal');
    await until(async () => (await cp.store.pending('CP-RETRY'))[0]?.attempts === 1, 'the attempt counted');
    clock.advance(9_999);
    assert.equal(refusals.get('LATER'), 1);
    clock.advance(1);
    await until(() => refusals.get('LATER') === 2, 'the second attempt, 10 s later');
    await until(async () => (await cp.store.pending('CP-RETRY'))[0]?.attempts === 2, 'the attempt counted');
    clock.advance(20_000);
    await until(() => cp.transaction?.id === 7, 'the third attempt accepted, 20 s later');
    await charger.end('Local');
    await until(() => csms.from('CP-RETRY', 'StopTransaction').length === 1, 'the stop');
    assert.equal(csms.from('CP-RETRY', 'StopTransaction')[0]?.payload.transactionId, 7);

    // A StartTransaction refused three times is given up, and so are its transaction's later messages.
    await charger.begin('NEVER');
    await until(async () => (await cp.store.pending('CP-RETRY'))[0]?.attempts === 1, 'the first refusal');
    clock.advance(10_000);
    await until(async () => (await cp.store.pending('CP-RETRY'))[0]?.attempts === 2, 'the second refusal');
    clock.advance(20_000);
    await until(() => refusals.get('NEVER') === 3, 'the third refusal');
    await charger.end('Local');
    await until(async () => (await cp.store.pending('CP-RETRY')).length === 0, 'the queue emptied');
    assert.equal(
      csms.from('CP-RETRY', 'StopTransaction').length,
      1,
      'no stop for a transaction the CSMS never knew',
    );
  });

  test('remote start and stop, unlock, availability scheduled during a transaction', async (t) => {
    const { charger, cp, send } = await chargePoint('CP-REMOTE');
    t.after(() => cp.stop());
    await booted('CP-REMOTE');
    assert.deepEqual(await send('RemoteStartTransaction', { connectorId: 2, idTag: 'R' }), {
      status: 'Rejected',
    });
    assert.deepEqual(await send('RemoteStartTransaction', { idTag: 'BLOCKED' }), { status: 'Accepted' });
    await until(() => csms.from('CP-REMOTE', 'Authorize').length === 1, 'the authorization of BLOCKED');
    assert.equal(cp.transaction, null, 'a blocked id tag starts nothing');
    const txProfile = {
      chargingProfileId: 9,
      stackLevel: 0,
      chargingProfilePurpose: 'TxProfile',
      chargingProfileKind: 'Relative',
      chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 13 }] },
    };
    assert.deepEqual(await send('RemoteStartTransaction', { idTag: 'R', chargingProfile: txProfile }), {
      status: 'Accepted',
    });
    await until(() => cp.transaction?.id !== undefined, 'the remote start');
    assert.equal(charger.limitA, 13, 'the TxProfile of the remote start limits its transaction');
    assert.deepEqual(
      charger.calls.filter((c) => c.startsWith('startSession')),
      ['startSession:R'],
    );
    assert.deepEqual(await send('RemoteStopTransaction', { transactionId: 99_999 }), { status: 'Rejected' });
    assert.deepEqual(await send('ChangeAvailability', { connectorId: 0, type: 'Inoperative' }), {
      status: 'Scheduled',
    });
    assert.deepEqual(await send('UnlockConnector', { connectorId: 2 }), { status: 'NotSupported' });
    assert.deepEqual(await send('UnlockConnector', { connectorId: 1 }), { status: 'Unlocked' });
    await until(
      () => cp.transaction === null && charger.calls.at(-1) === 'setLimit:null',
      'the stop, then the scheduled change',
    );
    assert.deepEqual(charger.calls.filter((c) => !c.startsWith('setLimit')).slice(-3), [
      'stopSession:UnlockCommand',
      'unlock',
      'setAvailability:false',
    ]);
    assert.equal(charger.limitA, null, 'the TxProfile ended with its transaction');
    await until(() => csms.from('CP-REMOTE', 'StopTransaction').length === 1, 'the stop');
    assert.equal(csms.from('CP-REMOTE', 'StopTransaction')[0]?.payload.reason, 'UnlockCommand');
    await until(
      () =>
        csms
          .from('CP-REMOTE', 'StatusNotification')
          .some((r) => r.payload.connectorId === 0 && r.payload.status === 'Unavailable'),
      'connector 0 Unavailable',
    );
    assert.deepEqual(
      await send('RemoteStartTransaction', { idTag: 'R' }),
      { status: 'Rejected' },
      'out of service',
    );
    assert.deepEqual(await send('ChangeAvailability', { connectorId: 0, type: 'Operative' }), {
      status: 'Accepted',
    });
    assert.deepEqual(await send('ChangeAvailability', { connectorId: 3, type: 'Operative' }), {
      status: 'Rejected',
    });
  });

  test('reset, trigger, data transfer, local list', async (t) => {
    const { clock, charger, cp, send } = await chargePoint('CP-MISC', { reconnectMinMs: 0 });
    t.after(() => cp.stop());
    await booted('CP-MISC');
    assert.deepEqual(await send('DataTransfer', { vendorId: 'com.example' }), { status: 'UnknownVendorId' });
    assert.deepEqual(await send('TriggerMessage', { requestedMessage: 'Heartbeat' }), { status: 'Accepted' });
    await until(() => csms.from('CP-MISC', 'Heartbeat').length === 1, 'the triggered heartbeat');
    assert.deepEqual(await send('TriggerMessage', { requestedMessage: 'DiagnosticsStatusNotification' }), {
      status: 'NotImplemented',
    });
    const statuses = csms.from('CP-MISC', 'StatusNotification').length;
    assert.deepEqual(
      await send('TriggerMessage', { requestedMessage: 'StatusNotification', connectorId: 1 }),
      {
        status: 'Accepted',
      },
    );
    await until(
      () => csms.from('CP-MISC', 'StatusNotification').length === statuses + 1,
      'the triggered status',
    );
    assert.equal(csms.from('CP-MISC', 'StatusNotification').at(-1)?.payload.connectorId, 1);
    await send('ChangeConfiguration', {
      key: 'MeterValuesSampledData',
      value: 'Voltage,Power.Active.Import',
    });
    assert.deepEqual(await send('TriggerMessage', { requestedMessage: 'MeterValues' }), {
      status: 'Accepted',
    });
    await until(() => csms.from('CP-MISC', 'MeterValues').length === 1, 'the triggered meter values');
    const [triggered] = csms.from('CP-MISC', 'MeterValues');
    const sampled = (
      triggered?.payload.meterValue as Array<{ sampledValue: Array<Record<string, string>> }>
    )[0]?.sampledValue;
    assert.deepEqual(
      sampled?.map((v) => [v.measurand, v.context]),
      [
        ['Voltage', 'Trigger'],
        ['Power.Active.Import', 'Trigger'],
      ],
    );
    assert.deepEqual(await send('GetLocalListVersion', {}), { listVersion: 0 });
    const list = [{ idTag: 'LOCAL-1', idTagInfo: { status: 'Accepted' } }];
    assert.deepEqual(
      await send('SendLocalList', { listVersion: 3, updateType: 'Full', localAuthorizationList: list }),
      { status: 'Accepted' },
    );
    assert.deepEqual(await send('SendLocalList', { listVersion: 3, updateType: 'Differential' }), {
      status: 'VersionMismatch',
    });
    assert.deepEqual(await send('GetLocalListVersion', {}), { listVersion: 3 });
    assert.equal(cp.localList.accepts('LOCAL-1', T0), true);

    await charger.begin('X');
    await until(() => cp.transaction?.id !== undefined, 'a transaction');
    assert.deepEqual(await send('Reset', { type: 'Soft' }), { status: 'Accepted' });
    await until(() => {
      clock.advance(0); // the reconnection is due at once, on the virtual clock
      return csms.from('CP-MISC', 'BootNotification').length === 2;
    }, 'the boot after the reset');
    assert.deepEqual(charger.calls.slice(-2), ['stopSession:SoftReset', 'reset:Soft']);
    await until(() => csms.from('CP-MISC', 'StopTransaction').length === 1, 'the stop');
    assert.equal(csms.from('CP-MISC', 'StopTransaction')[0]?.payload.reason, 'SoftReset');
  });

  test('configuration and the local list are kept across a restart; offline, the local list authorizes', async (t) => {
    const store = new MemoryStore().outbox;
    const first = await chargePoint('CP-KEEP', {}, store);
    await booted('CP-KEEP');
    assert.deepEqual(await first.send('ChangeConfiguration', { key: 'HeartbeatInterval', value: '45' }), {
      status: 'Accepted',
    });
    assert.deepEqual(await first.send('ChangeConfiguration', { key: 'WebSocketPingInterval', value: '20' }), {
      status: 'RebootRequired',
    });
    assert.deepEqual(
      await first.send('ChangeConfiguration', { key: 'MeterValuesSampledData', value: 'Foo' }),
      {
        status: 'Rejected',
      },
    );
    const list = [{ idTag: 'LOCAL-1', idTagInfo: { status: 'Accepted' } }];
    await first.send('SendLocalList', { listVersion: 1, updateType: 'Full', localAuthorizationList: list });
    await first.cp.stop();
    const clock = new VirtualClock(T0);
    const charger = new ScriptedCharger(clock);
    const settings = { url: 'ws://127.0.0.1:1/ocpp', id: 'CP-KEEP', vendor: 'Pointyard', model: 'EV' };
    const again = await ChargePoint.open({ settings, host: charger, clock, store });
    t.after(() => again.stop());
    assert.equal(again.config.text('HeartbeatInterval'), '45');
    assert.equal(again.config.text('WebSocketPingInterval'), '20');
    assert.equal(again.localList.listVersion, 1);
    assert.equal(await again.cardPresented('LOCAL-1'), true, 'offline: the local list');
    assert.equal(await again.cardPresented('STRANGER'), false);
  });
});
