// The status points as functions of the charger's state (docs/behaviour.md, "What the points show").

import type { EvChargerState, Switches } from './state.js';

/** A car could plug in and charge now: no car, no fault, Charge Enable ENABLE, Connector Lock LOCK. */
export function isAvailable(s: EvChargerState, sw: Switches): boolean {
  return s.phase === 'idle' && !s.groundFault && !s.inoperative && sw.enabled && sw.locked;
}

/** Why an arriving car cannot plug in, or null when it can. */
export function whyUnavailable(s: EvChargerState, sw: Switches): string | null {
  if (s.phase !== 'idle') return 'connector occupied';
  if (s.groundFault) return 'charger faulted';
  if (s.inoperative) return 'connector Inoperative (ChangeAvailability)';
  if (!sw.enabled) return 'Charge Enable is DISABLE';
  if (!sw.locked) return 'Connector Lock is UNLOCK';
  return null;
}

export function chargerStatus(s: EvChargerState): string {
  if (s.groundFault) return 'ERROR';
  if (s.offline) return 'OFFLINE';
  return s.phase === 'charging' ? 'CHARGING' : 'AVAILABLE';
}

export function connectorStatus(s: EvChargerState, sw: Switches): string {
  if (s.groundFault) return 'FAULTED';
  if (s.phase !== 'idle') return 'OCCUPIED';
  return sw.enabled && sw.locked && !s.inoperative ? 'AVAILABLE' : 'UNAVAILABLE';
}

export function sessionStatus(s: EvChargerState): string {
  if (s.groundFault) return 'FAULT';
  if (s.phase === 'charging') return 'CHARGING';
  return s.phase === 'finished' && s.transaction ? 'COMPLETE' : 'IDLE';
}
