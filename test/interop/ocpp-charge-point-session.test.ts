// Interop: Pointyard's charge point against @voltbras/ts-ocpp's CentralSystem (a CSMS no one here wrote) over
// real WebSockets on loopback, on a virtual clock: a whole session, a configuration change honoured, a
// charging profile set by the CSMS changing the charger's limit.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { VirtualClock } from '../../src/core/clock.js';
import { ChargePoint } from '../../src/protocols/ocpp/charge-point/charge-point.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import {
  ForeignCsms,
  ScriptedCharger,
  skipWithoutTsOcpp as skip,
  until,
} from './ocpp-charge-point-support.js';

const T0 = Date.UTC(2026, 0, 5, 8);

describe('OCPP charge point against ts-ocpp CentralSystem', { skip }, () => {
  let csms: ForeignCsms;
  before(async () => {
    csms = await new ForeignCsms().start();
  });
  after(() => csms.close());

  async function chargePoint(id: string) {
    const clock = new VirtualClock(T0);
    const charger = new ScriptedCharger(clock);
    const cp = await ChargePoint.open({
      settings: { url: csms.url, id, vendor: 'Pointyard', model: 'EV Charger Level 2' },
      host: charger,
      clock,
      store: new MemoryStore().outbox,
    });
    charger.cp = cp;
    cp.start();
    await until(() => csms.from(id, 'StatusNotification').length === 2, 'the boot and both statuses');
    return { clock, charger, cp };
  }

  test('a whole session: boot, status, authorize, start, meter values, remote stop, stop', async (t) => {
    const { clock, charger, cp } = await chargePoint('CP-SESSION');
    t.after(() => cp.stop());
    const from = csms.from('CP-SESSION').length;
    charger.plugIn();
    assert.equal(await charger.present('TAG-1'), true);
    await until(() => cp.transaction?.id !== undefined, 'the StartTransaction answer');
    for (let i = 1; i <= 3; i++) {
      clock.advance(60_000);
      await until(() => csms.from('CP-SESSION', 'MeterValues').length >= i, `MeterValues ${i}`);
    }
    const id = cp.transaction?.id;
    assert.deepEqual(await csms.send('CP-SESSION', 'RemoteStopTransaction', { transactionId: id }), {
      status: 'Accepted',
    });
    await until(() => csms.from('CP-SESSION', 'StopTransaction').length === 1, 'the StopTransaction');
    await until(
      () => csms.from('CP-SESSION', 'StatusNotification').at(-1)?.payload.status === 'Finishing',
      'Finishing',
    );

    // Statuses are not queued: they may overtake a transaction message, so each kind is checked in order.
    const session = csms.from('CP-SESSION').slice(from);
    const transactional = session.filter((r) => r.action !== 'StatusNotification');
    assert.deepEqual(
      transactional.map((r) => r.action),
      ['Authorize', 'StartTransaction', 'MeterValues', 'MeterValues', 'MeterValues', 'StopTransaction'],
    );
    assert.deepEqual(
      session.filter((r) => r.action === 'StatusNotification').map((r) => r.payload.status),
      ['Preparing', 'Charging', 'Finishing'],
    );
    const start = transactional[1]?.payload as { meterStart: number; idTag: string };
    const stop = transactional[5]?.payload as {
      meterStop: number;
      transactionId: number;
      reason: string;
      transactionData: unknown[];
    };
    assert.equal(start.idTag, 'TAG-1');
    assert.equal(stop.transactionId, id);
    assert.equal(stop.reason, 'Remote');
    assert.equal(stop.meterStop - start.meterStart, 550, '11 kW for 180 s');
    assert.equal(stop.transactionData.length, 1);
    for (const mv of session.filter((r) => r.action === 'MeterValues')) {
      assert.equal(mv.payload.transactionId, id);
      const sampled = (
        mv.payload.meterValue as Array<{ sampledValue: Array<{ measurand: string; context: string }> }>
      )[0]?.sampledValue;
      assert.deepEqual(
        sampled?.map((s) => s.measurand),
        ['Energy.Active.Import.Register', 'Power.Active.Import', 'Current.Import'],
      );
      assert.equal(sampled?.[0]?.context, 'Sample.Periodic');
    }
    assert.deepEqual(
      charger.calls,
      ['setLimit:null', 'stopSession:Remote'],
      'no limit, then the remote stop',
    );
    const [boot] = csms.from('CP-SESSION', 'BootNotification');
    assert.deepEqual(boot?.payload, {
      chargePointVendor: 'Pointyard',
      chargePointModel: 'EV Charger Level 2',
    });
  });

  test('ChangeConfiguration of MeterValueSampleInterval is honoured, and GetConfiguration shows it', async (t) => {
    const { clock, charger, cp } = await chargePoint('CP-CONFIG');
    t.after(() => cp.stop());
    assert.deepEqual(
      await csms.send('CP-CONFIG', 'ChangeConfiguration', { key: 'MeterValueSampleInterval', value: '15' }),
      { status: 'Accepted' },
    );
    assert.deepEqual(
      await csms.send('CP-CONFIG', 'ChangeConfiguration', { key: 'NumberOfConnectors', value: '2' }),
      { status: 'Rejected' },
    );
    assert.deepEqual(await csms.send('CP-CONFIG', 'ChangeConfiguration', { key: 'Nonsense', value: '2' }), {
      status: 'NotSupported',
    });
    const got = await csms.send('CP-CONFIG', 'GetConfiguration', {
      key: ['MeterValueSampleInterval', 'Nonsense'],
    });
    assert.deepEqual(got, {
      configurationKey: [{ key: 'MeterValueSampleInterval', readonly: false, value: '15' }],
      unknownKey: ['Nonsense'],
    });
    charger.plugIn();
    await charger.present('TAG-2');
    const before = () => csms.from('CP-CONFIG', 'MeterValues').length;
    await until(() => cp.transaction?.id !== undefined, 'the StartTransaction answer');
    clock.advance(60_000);
    await until(() => before() === 4, 'four MeterValues in 60 s');
    await charger.end('Local');
  });

  test('a charging profile set by the CSMS changes the limit; clearing it lifts the limit', async (t) => {
    const { charger, cp } = await chargePoint('CP-PROFILE');
    t.after(() => cp.stop());
    const profile = (id: number, purpose: string, limit: number, stackLevel = 0) => ({
      chargingProfileId: id,
      stackLevel,
      chargingProfilePurpose: purpose,
      chargingProfileKind: 'Absolute',
      chargingSchedule: {
        startSchedule: new Date(T0 - 3_600_000).toISOString(),
        chargingRateUnit: 'A',
        chargingSchedulePeriod: [{ startPeriod: 0, limit }],
      },
    });
    const set = (connectorId: number, p: object) =>
      csms.send('CP-PROFILE', 'SetChargingProfile', { connectorId, csChargingProfiles: p });
    assert.deepEqual(await set(1, profile(1, 'TxDefaultProfile', 16)), { status: 'Accepted' });
    assert.equal(charger.limitA, 16);
    assert.deepEqual(await set(0, profile(2, 'ChargePointMaxProfile', 10)), { status: 'Accepted' });
    assert.equal(charger.limitA, 10);
    const composite = await csms.send('CP-PROFILE', 'GetCompositeSchedule', {
      connectorId: 1,
      duration: 3600,
    });
    assert.deepEqual(composite.chargingSchedule.chargingSchedulePeriod, [{ startPeriod: 0, limit: 10 }]);
    assert.deepEqual(
      await set(1, profile(3, 'ChargePointMaxProfile', 6)),
      { status: 'Rejected' },
      'max on connector 1',
    );
    assert.deepEqual(await set(1, profile(4, 'TxProfile', 6)), { status: 'Rejected' }, 'no transaction');
    assert.deepEqual(await csms.send('CP-PROFILE', 'ClearChargingProfile', { id: 2 }), {
      status: 'Accepted',
    });
    assert.equal(charger.limitA, 16);
    assert.deepEqual(await csms.send('CP-PROFILE', 'ClearChargingProfile', { id: 2 }), { status: 'Unknown' });
    assert.deepEqual(cp.limit(), 16);
  });

  test('a fault reaches the CSMS as Faulted with its error code, once per change', async (t) => {
    const { charger, cp } = await chargePoint('CP-FAULT');
    t.after(() => cp.stop());
    charger.status = 'Faulted';
    charger.errorCode = 'GroundFailure';
    cp.statusChanged();
    cp.statusChanged();
    charger.status = 'Available';
    charger.errorCode = 'NoError';
    cp.statusChanged();
    await until(() => csms.from('CP-FAULT', 'StatusNotification').length === 4, 'the fault and its end');
    assert.deepEqual(
      csms
        .from('CP-FAULT', 'StatusNotification')
        .map((r) => [r.payload.connectorId, r.payload.status, r.payload.errorCode]),
      [
        [0, 'Available', 'NoError'],
        [1, 'Available', 'NoError'],
        [1, 'Faulted', 'GroundFailure'],
        [1, 'Available', 'NoError'],
      ],
    );
  });

  test('heartbeats at the boot interval, then at a changed HeartbeatInterval; clock-aligned values', async (t) => {
    const { clock, cp } = await chargePoint('CP-CLOCK');
    t.after(() => cp.stop());
    const beats = () => csms.from('CP-CLOCK', 'Heartbeat').length;
    clock.advance(299_999);
    assert.equal(beats(), 0);
    clock.advance(1);
    await until(() => beats() === 1, 'the heartbeat 300 s after the boot');
    await csms.send('CP-CLOCK', 'ChangeConfiguration', { key: 'HeartbeatInterval', value: '60' });
    await csms.send('CP-CLOCK', 'ChangeConfiguration', { key: 'ClockAlignedDataInterval', value: '900' });
    clock.advance(60_000);
    await until(() => beats() === 2, 'the heartbeat 60 s after the change');
    // 08:05 now: the next quarter hour is 08:15.
    clock.advanceTo(T0 + 15 * 60_000 - 1);
    assert.equal(csms.from('CP-CLOCK', 'MeterValues').length, 0);
    clock.advance(1);
    await until(() => csms.from('CP-CLOCK', 'MeterValues').length === 1, 'the 08:15 value');
    const [aligned] = csms.from('CP-CLOCK', 'MeterValues');
    assert.equal(aligned?.payload.transactionId, undefined, 'outside a transaction');
    assert.deepEqual(aligned?.payload.meterValue, [
      {
        timestamp: new Date(T0 + 15 * 60_000).toISOString(),
        sampledValue: [
          {
            value: '1000000',
            context: 'Sample.Clock',
            measurand: 'Energy.Active.Import.Register',
            unit: 'Wh',
          },
        ],
      },
    ]);
  });
});
