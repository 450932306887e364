// Security Alert: turns TRUE when the runtime's count of security incidents (failed logins, unknown charge
// points…) rises, when Emergency Mode is switched on, or when a `security-incident` fault starts, and stays
// TRUE until a user acknowledges it, as the points list says. The points list has no acknowledgement point:
// TRUE raises an alarm, and acknowledging that alarm (alarmAck, the alarm list) is what clears the point.

import type { BehaviourEvent } from '../behaviour.js';

export interface SecurityAlertState {
  active: boolean;
  /** Incident count at the last step (the runtime's count since it started). */
  lastCount: number;
  /** Emergency Mode and the `security-incident` fault at the last step (an alert is raised as they start). */
  lastEmergency: boolean;
  lastFault: boolean;
}

export const SECURITY_ALERT_POINT = 'security-alert';

export function initialSecurityAlert(saved: Record<string, number>): SecurityAlertState {
  return { active: saved.securityAlert === 1, lastCount: 0, lastEmergency: false, lastFault: false };
}

/** The counter that keeps an unacknowledged alert across a restart. */
export function securityAlertCounters(s: SecurityAlertState, out: Record<string, number>): void {
  out.securityAlert = s.active ? 1 : 0;
}

export function updateSecurityAlert(
  s: SecurityAlertState,
  count: number,
  emergency: boolean,
  incidentFault: boolean,
  acknowledged: boolean,
  events: BehaviourEvent[],
): void {
  if (acknowledged && s.active) {
    // What else this step brought is left for the next one: an incident that came with the acknowledgement
    // raises a new alert (and a new alarm) rather than being swallowed by the acknowledged one.
    s.active = false;
    events.push({
      kind: 'security-alert-cleared',
      point: SECURITY_ALERT_POINT,
      message: 'Security alert acknowledged',
    });
    return;
  }
  // A count below the last one is a restarted runtime counting from 0 again: not an incident.
  const newIncidents = count > s.lastCount ? count - s.lastCount : 0;
  const emergencyOn = emergency && !s.lastEmergency;
  const faultOn = incidentFault && !s.lastFault;
  s.lastCount = count;
  s.lastEmergency = emergency;
  s.lastFault = incidentFault;
  if (s.active || (newIncidents === 0 && !emergencyOn && !faultOn)) return;
  s.active = true;
  const why =
    newIncidents > 0
      ? `${newIncidents} new security incident${newIncidents > 1 ? 's' : ''} (failed logins, unknown charge points…)`
      : emergencyOn
        ? 'Emergency Mode on: barriers open'
        : 'security incident reported';
  events.push({
    kind: 'security-alert',
    point: SECURITY_ALERT_POINT,
    message: `Security alert: ${why} (stays on until acknowledged)`,
  });
}
