// The CSMS's calls to the charge point and their answers, with the statuses OCPP 1.6 gives (section 6).
// ocpp-rpc's strict mode has checked every request against its schema before a handler runs (a malformed
// one gets its CALLERROR); a call this charge point does not implement gets NotImplemented.

import type { ChargingProfile } from './charging-profile.js';
import type { ClearFilter } from './charging-profiles.js';
import { compositeSchedule } from './composite-schedule.js';
import type { ChargePointEngine } from './engine.js';
import type { SendLocalList } from './local-list.js';
import { isoTime } from './meter-values.js';
import { createRPCError } from './rpc.js';

type Params = Record<string, unknown>;
type Handler = (params: Params) => Promise<Params> | Params;

/** Runs `fn` after the answer went out (a reset, a triggered message follow their acknowledgement). */
const afterAnswer = (cp: ChargePointEngine, what: string, fn: () => void | Promise<void>) =>
  setImmediate(() => cp.background(what, Promise.resolve().then(fn)));

export function registerCsmsCalls(cp: ChargePointEngine): void {
  const handlers: Record<string, Handler> = {
    RemoteStartTransaction: (p) => remoteStart(cp, p),
    RemoteStopTransaction: (p) => {
      const id = p.transactionId as number;
      if (!cp.transaction || cp.transactionId !== id) return { status: 'Rejected' };
      cp.host.stopSession('Remote');
      return { status: 'Accepted' };
    },
    Reset: (p) => {
      const type = p.type as 'Soft' | 'Hard';
      afterAnswer(cp, 'Reset', async () => {
        if (cp.transaction) cp.host.stopSession(type === 'Hard' ? 'HardReset' : 'SoftReset');
        cp.host.reset(type);
        await cp.link.restart();
      });
      return { status: 'Accepted' };
    },
    UnlockConnector: (p) => {
      if (p.connectorId !== 1) return { status: 'NotSupported' };
      if (cp.transaction) cp.host.stopSession('UnlockCommand');
      return { status: cp.host.unlock() };
    },
    ChangeAvailability: async (p) => {
      const connectorId = p.connectorId as number;
      if (connectorId > 1) return { status: 'Rejected' };
      const operative = p.type === 'Operative';
      if (cp.transaction && !operative) {
        cp.scheduledOperative = operative;
        return { status: 'Scheduled' };
      }
      await cp.setOperative(operative);
      return { status: 'Accepted' };
    },
    GetConfiguration: (p) => cp.config.get((p.key as string[] | undefined) ?? []),
    ChangeConfiguration: async (p) => {
      const key = p.key as string;
      const { status, state } = cp.config.change(key, p.value as string);
      if (state) {
        await cp.store.saveState(cp.id, state);
        if (key === 'HeartbeatInterval') cp.scheduleHeartbeat();
        if (key === 'MeterValueSampleInterval') cp.sampler.scheduleSampling();
        if (key === 'ClockAlignedDataInterval') cp.sampler.scheduleAligned();
      }
      return { status };
    },
    SetChargingProfile: async (p) => {
      const status = cp.profiles.set(
        p.connectorId as number,
        p.csChargingProfiles as ChargingProfile,
        cp.transactionId,
      );
      if (status === 'Accepted') {
        await cp.store.saveState(cp.id, cp.profiles.state());
        cp.applyLimit();
      }
      return { status };
    },
    ClearChargingProfile: async (p) => {
      const status = cp.profiles.clear(p as ClearFilter);
      if (status === 'Accepted') {
        await cp.store.saveState(cp.id, cp.profiles.state());
        cp.applyLimit();
      }
      return { status };
    },
    GetCompositeSchedule: (p) => {
      const connectorId = p.connectorId as number;
      if (connectorId > 1) return { status: 'Rejected' };
      const unit = (p.chargingRateUnit as 'A' | 'W' | undefined) ?? 'A';
      const schedule = compositeSchedule(
        cp.profiles.installed,
        connectorId,
        cp.clock.now(),
        p.duration as number,
        unit,
        cp.limitContext(),
      );
      return schedule ?? { status: 'Accepted', connectorId, scheduleStart: isoTime(cp.clock.now()) };
    },
    TriggerMessage: (p) => trigger(cp, p.requestedMessage as string, p.connectorId as number | undefined),
    DataTransfer: () => ({ status: 'UnknownVendorId' }),
    SendLocalList: async (p) => {
      if (!cp.config.flag('LocalAuthListEnabled')) return { status: 'NotSupported' };
      const status = cp.localList.update(p as unknown as SendLocalList);
      if (status === 'Accepted') await cp.store.saveState(cp.id, cp.localList.state());
      return { status };
    },
    GetLocalListVersion: () => ({
      listVersion: cp.config.flag('LocalAuthListEnabled') ? cp.localList.listVersion : -1,
    }),
  };
  cp.link.client.handle(({ method, params }) => {
    const handler = method ? handlers[method] : undefined;
    if (!handler) throw createRPCError('NotImplemented', `${method} is not implemented by this charge point`);
    return Promise.resolve(handler((params ?? {}) as Params));
  });
}

/** RemoteStartTransaction: Accepted when connector 1 can start one; authorized first when configured. */
function remoteStart(cp: ChargePointEngine, p: Params): Params {
  const idTag = p.idTag as string;
  const connectorId = (p.connectorId as number | undefined) ?? 1;
  const state = cp.connectorState().status;
  if (connectorId !== 1 || cp.transaction || !cp.operative || state === 'Faulted' || state === 'Unavailable')
    return { status: 'Rejected' };
  const profile = p.chargingProfile as ChargingProfile | undefined;
  if (profile && profile.chargingProfilePurpose !== 'TxProfile') return { status: 'Rejected' };
  cp.pendingTxProfile = profile ?? null;
  afterAnswer(cp, 'RemoteStartTransaction', async () => {
    if (cp.config.flag('AuthorizeRemoteTxRequests')) {
      const status = await cp.authorize(idTag).catch(() => 'Invalid');
      if (status !== 'Accepted') return;
    }
    cp.host.startSession(idTag);
  });
  return { status: 'Accepted' };
}

/** TriggerMessage: the message asked for, sent after the answer. */
function trigger(cp: ChargePointEngine, message: string, connectorId: number | undefined): Params {
  if (connectorId !== undefined && connectorId > 1) return { status: 'Rejected' };
  const send: Record<string, () => void | Promise<void>> = {
    BootNotification: () => cp.boot(),
    Heartbeat: () => cp.heartbeat(),
    StatusNotification: () => {
      if (connectorId !== 1) cp.sendStatus(0, cp.chargePointState(), true);
      if (connectorId !== 0) cp.sendStatus(1, cp.connectorState(), true);
    },
    MeterValues: () => cp.sampler.send('MeterValuesSampledData', 'Trigger'),
  };
  const run = send[message];
  if (!run) return { status: 'NotImplemented' };
  afterAnswer(cp, `TriggerMessage ${message}`, run);
  return { status: 'Accepted' };
}
