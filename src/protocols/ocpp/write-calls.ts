// What a write of a gateway device's command point becomes, by the CSMS call its OCPP column names:
// Charge Enable (RemoteStartTransaction) on → RemoteStartTransaction, off → RemoteStopTransaction; Max
// Current Limit (SetChargingProfile) → a charging profile in A, TxProfile while a transaction is under way
// else TxDefaultProfile; UnlockConnector on its unlock word; RemoteStopTransaction; ChangeAvailability on →
// Operative; Reset → Soft; ClearChargingProfile. The payloads are OCPP 1.6's (the CSMS checks them again).

import type { Value } from '../../core/value.js';
import type { Point } from '../../points/model.js';
import type { MessageName } from './ocpp-names.js';

/** The id tag a remote start from a write is made with. */
export const REMOTE_ID_TAG = 'POINTYARD';
/** The charging profile id the gateway's current limit uses (replaced at every write). */
const PROFILE_ID = 1;

export type MadeCall = { action: string; payload: Record<string, unknown> } | { problem: string };

interface CallContext {
  connectorId: number;
  transactionId: number | null;
}

/** Whether a value is a point's "on": true, a non-zero number, its first enum word or its true text. */
function isOn(point: Point, value: Value): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (point.trueText && value === point.trueText) return true;
  if (point.falseText && value === point.falseText) return false;
  return point.enum?.[0] === value || /^(on|enable|enabled|start|true|unlock)$/i.test(value);
}

function remoteStop(context: CallContext): MadeCall {
  if (context.transactionId === null) return { problem: 'no transaction under way on the connector' };
  return { action: 'RemoteStopTransaction', payload: { transactionId: context.transactionId } };
}

export function callFor(message: MessageName, point: Point, value: Value, context: CallContext): MadeCall {
  const { connectorId } = context;
  switch (message) {
    case 'RemoteStartTransaction':
      return isOn(point, value)
        ? { action: 'RemoteStartTransaction', payload: { connectorId, idTag: REMOTE_ID_TAG } }
        : remoteStop(context);
    case 'RemoteStopTransaction':
      return remoteStop(context);
    case 'SetChargingProfile': {
      if (typeof value !== 'number') return { problem: 'a current limit is a number of amperes' };
      const tx = context.transactionId;
      return {
        action: 'SetChargingProfile',
        payload: {
          connectorId,
          csChargingProfiles: {
            chargingProfileId: PROFILE_ID,
            ...(tx !== null ? { transactionId: tx } : {}),
            stackLevel: 0,
            chargingProfilePurpose: tx !== null ? 'TxProfile' : 'TxDefaultProfile',
            chargingProfileKind: 'Relative',
            chargingSchedule: {
              chargingRateUnit: 'A',
              chargingSchedulePeriod: [{ startPeriod: 0, limit: Math.round(value * 10) / 10 }],
            },
          },
        },
      };
    }
    case 'ClearChargingProfile':
      return { action: 'ClearChargingProfile', payload: { id: PROFILE_ID } };
    case 'UnlockConnector': {
      // OCPP can unlock a connector, not lock one: only the unlock word is a call.
      const unlock =
        typeof value === 'string'
          ? /unlock/i.test(value)
          : point.trueText
            ? /unlock/i.test(point.trueText) === value
            : value === true;
      return unlock
        ? { action: 'UnlockConnector', payload: { connectorId } }
        : { problem: 'OCPP 1.6 has no call that locks a connector' };
    }
    case 'ChangeAvailability':
      return {
        action: 'ChangeAvailability',
        payload: { connectorId, type: isOn(point, value) ? 'Operative' : 'Inoperative' },
      };
    case 'Reset':
      return { action: 'Reset', payload: { type: 'Soft' } };
    default:
      return { problem: `${message} is not a call a write can make` };
  }
}
