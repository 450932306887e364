// Security Alert: TRUE when the runtime's count of security incidents (failed logins, unknown charge
// points…) rises, while Emergency Mode is on, or while a `security-incident` fault is in force; it clears
// by itself once no new incident has come for `clearMs` (the points list has no acknowledgement point: an
// operator acknowledges the alarm this point raises, in the alarm list).

import type { BehaviourEvent } from '../behaviour.js';

export interface SecurityAlertState {
  active: boolean;
  /** Incident count at the last step (the runtime's count since it started). */
  lastCount: number;
  /** When the last incident was seen, epoch ms. */
  lastIncidentAt: number;
}

export function updateSecurityAlert(
  s: SecurityAlertState,
  count: number,
  emergency: boolean,
  incidentFault: boolean,
  now: number,
  clearMs: number,
  events: BehaviourEvent[],
): void {
  const rose = count > s.lastCount;
  // A count below the last one is a restarted runtime counting from 0 again: not an incident.
  const newIncidents = rose ? count - s.lastCount : 0;
  s.lastCount = count;
  if (rose || emergency || incidentFault) {
    s.lastIncidentAt = now;
    if (!s.active) {
      s.active = true;
      const why = rose
        ? `${newIncidents} new security incident${newIncidents > 1 ? 's' : ''} (failed logins, unknown charge points…)`
        : emergency
          ? 'Emergency Mode on: barriers open'
          : 'security incident reported';
      events.push({ kind: 'security-alert', point: 'security-alert', message: `Security alert: ${why}` });
    }
    return;
  }
  if (s.active && now - s.lastIncidentAt >= clearMs) {
    s.active = false;
    events.push({
      kind: 'security-alert-cleared',
      point: 'security-alert',
      message: `Security alert cleared: no incident for ${Math.round(clearMs / 60_000)} min`,
    });
  }
}
