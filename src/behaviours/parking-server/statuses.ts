// The status points of the server, each a pure function of the faults in force, the measurements and the
// commands (see docs/behaviour.md for the table of what drives what).

import type { LocalTime } from '../../util/local-time.js';
import { type FaultState, hasFault } from './faults.js';
import type { Measurements } from './measurements.js';

export function serverStatus(f: FaultState, enabled: boolean): string {
  if (hasFault(f, 'server-error')) return 'ERROR';
  return enabled ? 'RUNNING' : 'MAINTENANCE';
}

/**
 * A database that cannot be reached (its probe fails: a networked database down or cut off) is DISCONNECTED,
 * though its refused writes also fail; one that answers but refuses writes (a full disk) is in ERROR.
 */
export function databaseStatus(f: FaultState, m: Measurements): string {
  if (hasFault(f, 'database-error')) return 'ERROR';
  if (!m.dbOk) return 'DISCONNECTED';
  if (m.dbWriteFailing) return 'ERROR';
  return hasFault(f, 'database-down') ? 'DISCONNECTED' : 'CONNECTED';
}

export function bmsStatus(f: FaultState, m: Measurements): string {
  return m.bmsClients > 0 && !hasFault(f, 'bms-disconnected') ? 'CONNECTED' : 'DISCONNECTED';
}

export function paymentStatus(f: FaultState): string {
  if (hasFault(f, 'payment-gateway-error')) return 'ERROR';
  return hasFault(f, 'payment-gateway-offline') ? 'OFFLINE' : 'ONLINE';
}

export function ocppStatus(f: FaultState, m: Measurements): string {
  return m.ocppBackendRunning && !hasFault(f, 'ocpp-backend-down') ? 'RUNNING' : 'STOPPED';
}

/**
 * FAULT when no node is healthy, devices have had no owner past their grace, or the database does not answer;
 * DEGRADED when some counted node is not healthy (lost: its devices taken over); else HEALTHY. Faults force
 * the word. What counts is decided in src/parking/cluster-measurements.ts (docs/cluster.md).
 */
export function clusterStatus(f: FaultState, m: Measurements): string {
  if (
    hasFault(f, 'cluster-fault') ||
    m.clusterNodesHealthy <= 0 ||
    m.clusterDevicesUnowned > 0 ||
    !m.clusterDatabaseOk
  )
    return 'FAULT';
  if (hasFault(f, 'cluster-degraded') || m.clusterNodesHealthy < m.clusterNodes) return 'DEGRADED';
  return 'HEALTHY';
}

/** A licence expiry: a local calendar day (date only) or an instant (date-time). */
export type LicenseExpiry = { day: number } | { at: number } | null;

const DAY = 86_400_000;

export function parseLicenseExpiry(text: string | null): LicenseExpiry {
  if (text === null) return null;
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? { day: Date.parse(text) / DAY } : { at: Date.parse(text) };
}

/**
 * VALID without an expiry; EXPIRED after the expiry (a date: after that local day); EXPIRING within
 * `warningDays` before it.
 */
export function licenseStatus(
  expiry: LicenseExpiry,
  warningDays: number,
  now: number,
  local: LocalTime,
): string {
  if (expiry === null) return 'VALID';
  if ('day' in expiry) {
    const today = local.dayNumber(now);
    if (today > expiry.day) return 'EXPIRED';
    return today >= expiry.day - warningDays ? 'EXPIRING' : 'VALID';
  }
  if (now >= expiry.at) return 'EXPIRED';
  return now >= expiry.at - warningDays * DAY ? 'EXPIRING' : 'VALID';
}
