// The charger as an OCPP 1.6 charge point: what its charge-point agent (the protocol side, which holds the
// WebSocket) tells it, and how it answers. The agent publishes two signals (signals.ts: `ocppLink`,
// `ocppLimitA`) and hands over the central system's requests (StepInputs.requests):
//   authorize-result {idTag, status}  the answer to the Authorize of the card presented (`rfid-presented`)
//   remote-start {idTag}              RemoteStartTransaction: a car plugged in starts charging for idTag
//   remote-stop {}                    RemoteStopTransaction: the transaction ends (reason Remote)
//   unlock {}                         UnlockConnector: the transaction ends (reason UnlockCommand)
//   availability {operative}          ChangeAvailability: Inoperative takes the connector out of service
//                                     (after the transaction in progress, as OCPP 1.6 §5.2 says)
//   reset {type: 'Hard'|'Soft'}       Reset: the transaction ends (HardReset / SoftReset)
//   stop {reason}                     the transaction ends for that OCPP reason (any other the agent has)
//   meter-floor {wh}                  the register is at least wh (the one the central system last heard of,
//                                     when the process stopped before the charger's counters were saved)
// The charger tells the agent through its events: `rfid-presented`, `session-start` and `session-end`
// carry the id tag, the meter register (Wh) and the OCPP stop reason. Without an agent (no `ocppLink`
// signal) the charger decides cards on its own, as before.

import type { DeviceRequest } from '../behaviour.js';
import type { OcppLinkInputs, StopReason } from './ocpp-terms.js';
import { endTransaction, startTransaction } from './session.js';
import type { EvChargerState } from './state.js';

/** Reads the agent's signals for this step. */
export function readLink(s: EvChargerState, signals: ReadonlyMap<string, number>): OcppLinkInputs {
  const link = signals.get(s.keys.ocppLink);
  const limit = signals.get(s.keys.ocppLimitA);
  return {
    attached: link !== undefined,
    online: link === 1,
    limitA: limit === undefined ? Number.NaN : limit,
  };
}

const text = (x: unknown) => (typeof x === 'string' ? x : '');

/** Applies the central system's requests, in the order they came. */
export function applyRequests(s: EvChargerState, now: number, requests: readonly DeviceRequest[]): void {
  for (const r of requests) {
    switch (r.kind) {
      case 'authorize-result':
        if (s.phase === 'authorizing' && text(r.data.idTag) === s.idTag)
          s.authAnswer = text(r.data.status) === 'Accepted' ? 'accepted' : 'refused';
        break;
      case 'remote-start':
        remoteStart(s, now, text(r.data.idTag));
        break;
      case 'remote-stop':
        endTransaction(s, now, 'Remote Stop from the central system', 'session-end', 'Remote');
        break;
      case 'unlock':
        endTransaction(s, now, 'connector unlocked by the central system', 'session-end', 'UnlockCommand');
        break;
      case 'availability':
        s.inoperative = r.data.operative === false;
        s.log.add(
          'availability',
          'connector-status',
          s.inoperative ? 'Connector set Inoperative by the central system' : 'Connector set Operative',
        );
        break;
      case 'meter-floor': {
        const wh = Number(r.data.wh);
        if (Number.isFinite(wh) && wh > s.meterWh) s.meterWh = wh;
        break;
      }
      case 'stop': {
        const reason = (text(r.data.reason) || 'Other') as StopReason;
        endTransaction(s, now, `stopped by the charge point (${reason})`, 'session-end', reason);
        break;
      }
      case 'reset': {
        const hard = r.data.type === 'Hard';
        endTransaction(
          s,
          now,
          `${hard ? 'hard' : 'soft'} reset`,
          'session-end',
          hard ? 'HardReset' : 'SoftReset',
        );
        break;
      }
    }
  }
}

/** RemoteStartTransaction: the car waiting at the connector charges for `idTag` (no card needed). */
function remoteStart(s: EvChargerState, now: number, idTag: string): void {
  if (s.phase !== 'plugged' && s.phase !== 'authorizing') {
    s.log.add(
      'remote-start-refused',
      'session-status',
      'Remote start refused: no car waiting at the connector',
      {
        idTag,
      },
    );
    return;
  }
  s.idTag = idTag;
  s.authStatus = 'SUCCESS';
  startTransaction(s, now, 'remote start');
}
