// The charger's faults: injected ones (`pointyard fault`, the API, the site file) and random ones. A ground
// fault (the RCD trips) switches the output off at once and ends the session; it stays until an operator
// resets it (clearing the injected fault; a random one is reset after `groundFaultResetMin`). An OCPP link
// loss only changes what the backend link shows: the charger keeps charging on its local authorization list.
// A charger that is a charge point (ocpp-link.ts) is also offline while its agent's WebSocket is down; the
// `offline` fault then makes the agent drop the WebSocket (signal `linkFault`).

import type { Rng } from '../../core/rng.js';
import type { OcppLinkInputs } from './ocpp-terms.js';
import { advanceRandomFaults } from './random-faults.js';
import { abortBeforeTransaction, endTransaction } from './session.js';
import type { EvChargerState } from './state.js';

export const GROUND_FAULT = 'ground-fault';
export const OFFLINE = 'offline';
export const FAULTS = [GROUND_FAULT, OFFLINE] as const;

/** OCPP 1.6 ChargePointErrorCode of each state. */
export const GROUND_FAILURE_CODE = 'GroundFailure';
export const NO_ERROR_CODE = 'NoError';

/** Works out the faults in force at `now` and applies their onsets and ends. */
export function updateFaults(
  s: EvChargerState,
  injected: ReadonlySet<string>,
  now: number,
  rng: Rng,
  link: OcppLinkInputs,
): void {
  advanceRandomFaults(s.random, s.faultFigures, now, rng);
  const ground = injected.has(GROUND_FAULT) || now < s.random.groundUntil;
  s.linkFault = injected.has(OFFLINE) || now < s.random.offlineUntil;
  const offline = s.linkFault || (link.attached && !link.online);
  if (ground !== s.groundFault) {
    s.groundFault = ground;
    if (ground) {
      s.log.add('alarm', 'ground-fault', `Ground fault: output switched off (${GROUND_FAILURE_CODE})`, {
        random: !injected.has(GROUND_FAULT),
      });
      endTransaction(s, now, 'ground fault', 'session-end', 'EmergencyStop');
      abortBeforeTransaction(s, now);
    } else {
      s.log.add('alarm-cleared', 'ground-fault', 'Ground fault reset: charger back in service');
    }
  }
  // A charge point is not connected yet when its agent first speaks for it: not a link lost, no event.
  const first = link.attached && !s.agentSeen;
  if (link.attached) s.agentSeen = true;
  if (first && offline && !s.linkFault) {
    s.offline = true;
    s.linkWasUp = false;
    return;
  }
  if (offline !== s.offline) {
    s.offline = offline;
    const wasUp = s.linkWasUp;
    if (!offline) s.linkWasUp = true;
    s.log.add(
      offline ? 'ocpp-offline' : 'ocpp-online',
      'ocpp-connection',
      offline
        ? 'OCPP link to the backend lost: charging continues locally'
        : wasUp
          ? 'OCPP link to the backend restored'
          : 'OCPP link to the backend up',
      offline ? { cause: s.linkFault ? 'fault' : 'link' } : undefined,
    );
  }
}
