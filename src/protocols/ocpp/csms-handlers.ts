// The CSMS's answers to a charge point's calls, OCPP 1.6's core profile. ocpp-rpc has checked each payload
// against its schema before a handler runs, and checks each answer before it goes; an action with no
// handler here is answered NotImplemented. Transactions are committed to the store before the answer; a
// StartTransaction sent again (its answer lost) is answered with the transaction it opened.

import type { Logger } from '../../core/logger.js';
import type {
  ChargingStore,
  ChargingTransaction,
  TransactionMeterValue,
} from '../../runtime/services/services.js';
import type { ChargePointListener, MeterValue, StatusNotification } from './charge-point-listener.js';
import { idTagInfo } from './id-tag-info.js';
import type { OcppSettings } from './ocpp-settings.js';

interface Handled {
  handle(method: string, handler: (call: { params: unknown }) => unknown): void;
}

export interface HandlerContext {
  chargePointId: string;
  settings: OcppSettings;
  charging: ChargingStore;
  clock: { now(): number };
  log: Logger;
  listener(): ChargePointListener | undefined;
}

/** An OCPP date-time as epoch ms; `fallback` when it is not one. */
const timeOf = (text: unknown, fallback: number): number => {
  const t = typeof text === 'string' ? Date.parse(text) : Number.NaN;
  return Number.isFinite(t) ? t : fallback;
};

const meterValuesOf = (values: readonly MeterValue[] | undefined, now: number): TransactionMeterValue[] =>
  (values ?? []).map((v) => ({
    ts: timeOf(v.timestamp, now),
    sampledValue: v.sampledValue as unknown as Record<string, unknown>[],
  }));

type TransactionStart = Parameters<ChargingStore['startTransaction']>[0];

/** The open transaction a StartTransaction repeats (same connector, id tag, meter and time), or null. */
async function repeatedStart(
  charging: ChargingStore,
  start: TransactionStart,
): Promise<ChargingTransaction | null> {
  const open = await charging.queryTransactions({ chargePointId: start.chargePointId, open: true });
  return (
    open.find(
      (t) =>
        t.connectorId === start.connectorId &&
        t.idTag === start.idTag &&
        t.meterStart === start.meterStart &&
        t.startedAt === start.startedAt,
    ) ?? null
  );
}

/** The wait a Pending or Rejected charge point is given before its next BootNotification, s. */
export const BOOT_RETRY_S = 60;

export function handleCoreProfile(client: Handled, context: HandlerContext): void {
  const { charging, clock, settings, chargePointId, log } = context;
  const nowIso = () => new Date(clock.now()).toISOString();

  client.handle('BootNotification', ({ params }) => {
    // The site file may hold a charge point back (Pending: known but not yet in service; Rejected): it
    // boots again after `interval`, which is then the wait before the next BootNotification.
    const status = settings.chargePoints[chargePointId]?.boot ?? 'Accepted';
    log.info({ chargePoint: chargePointId, boot: params, status }, 'OCPP: BootNotification');
    const interval = status === 'Accepted' ? settings.heartbeatInterval : BOOT_RETRY_S;
    return { status, currentTime: nowIso(), interval };
  });

  client.handle('Heartbeat', () => ({ currentTime: nowIso() }));

  client.handle('StatusNotification', ({ params }) => {
    context.listener()?.statusNotification(params as StatusNotification);
    return {};
  });

  client.handle('Authorize', async ({ params }) => {
    const { idTag } = params as { idTag: string };
    return { idTagInfo: await idTagInfo(charging, idTag, clock.now()) };
  });

  client.handle('StartTransaction', async ({ params }) => {
    const p = params as {
      connectorId: number;
      idTag: string;
      meterStart: number;
      timestamp: string;
      reservationId?: number;
    };
    const now = clock.now();
    const info = await idTagInfo(charging, p.idTag, now);
    const start = {
      chargePointId,
      connectorId: p.connectorId,
      idTag: p.idTag,
      meterStart: p.meterStart,
      startedAt: timeOf(p.timestamp, now),
      reservationId: p.reservationId ?? null,
    };
    // Kept whatever the id tag's status: the charge point may already be charging (offline start), and
    // OCPP says it then stops on a status other than Accepted; the transaction is what happened. A repeated
    // one (its answer never reached the charge point: a link lost, a process killed) gets the same id.
    const transaction = (await repeatedStart(charging, start)) ?? (await charging.startTransaction(start));
    context.listener()?.transaction(p.connectorId, transaction.id);
    return { transactionId: transaction.id, idTagInfo: info };
  });

  client.handle('StopTransaction', async ({ params }) => {
    const p = params as {
      transactionId: number;
      meterStop: number;
      timestamp: string;
      idTag?: string;
      reason?: string;
      transactionData?: MeterValue[];
    };
    const now = clock.now();
    const stopped = await charging.stopTransaction(p.transactionId, {
      meterStop: p.meterStop,
      stoppedAt: timeOf(p.timestamp, now),
      reason: p.reason ?? null,
      idTag: p.idTag ?? null,
      meterValues: meterValuesOf(p.transactionData, now),
    });
    if (!stopped)
      log.warn(
        { chargePoint: chargePointId, transactionId: p.transactionId },
        'OCPP: stop of an unknown transaction',
      );
    else context.listener()?.transaction(stopped.connectorId, null);
    return p.idTag ? { idTagInfo: await idTagInfo(charging, p.idTag, now) } : {};
  });

  client.handle('MeterValues', ({ params }) => {
    const p = params as { connectorId: number; meterValue: MeterValue[] };
    context.listener()?.meterValues(p.connectorId, p.meterValue);
    return {};
  });

  // No vendor extension is known.
  client.handle('DataTransfer', () => ({ status: 'UnknownVendorId' }));
}
