// Fills the step's outputs (the points) and signals (for the car park) from the state, in place.

import { round } from '../shared/rounding.js';
import { GROUND_FAILURE_CODE, NO_ERROR_CODE } from './faults.js';
import type { EvChargerState } from './state.js';
import { chargerStatus, connectorStatus, isAvailable, sessionStatus } from './statuses.js';

const MINUTE_MS = 60_000;
/** Charge Session Duration's range in the points list, min. */
const MAX_SESSION_MIN = 720;

export function publish(s: EvChargerState, now: number, managed: boolean, demandA: number): void {
  const o = s.outputs;
  const sw = s.switches;
  const energy = round(s.energyKwh, 3);
  o['active-power'] = s.powerKw;
  o['output-voltage'] = s.voltageV;
  o['output-current'] = s.outputCurrentA;
  o['energy-delivered'] = energy;
  o['power-factor'] = s.powerFactor;
  o['charge-session-duration'] =
    s.phase === 'idle' ? 0 : Math.min(MAX_SESSION_MIN, Math.floor((now - s.pluggedAt) / MINUTE_MS));
  o['charger-temperature'] = round(s.temperatureC, 1);
  o.frequency = s.frequencyHz;
  o['rfid-read-count'] = s.rfidReads;
  o['charger-status'] = chargerStatus(s);
  o['connector-status'] = connectorStatus(s, sw);
  o['session-status'] = sessionStatus(s);
  o['rfid-auth-status'] = s.authStatus;
  o['fault-code'] = s.groundFault ? GROUND_FAILURE_CODE : NO_ERROR_CODE;
  o['ocpp-connection'] = s.offline ? 'DISCONNECTED' : 'CONNECTED';
  o['cable-connected'] = s.phase !== 'idle';
  o['ground-fault'] = s.groundFault;

  const g = s.signals;
  const k = s.keys;
  g[k.available] = isAvailable(s, sw) ? 1 : 0;
  g[k.managed] = managed ? 1 : 0;
  g[k.demandA] = demandA;
  g[k.powerKw] = s.powerKw;
  g[k.energyKwh] = energy;
  g[k.phases] = s.p.phases;
  g[k.voltageV] = s.voltageV;
  g[k.linkFault] = s.linkFault ? 1 : 0;
  g[k.meterWh] = Math.round(s.meterWh);
}
