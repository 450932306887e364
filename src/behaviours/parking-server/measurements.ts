// The runtime's measurements of the server itself (`inputs.env`), with the documented fallbacks when a key
// is absent, and the values published for the measured points, clamped to their typical ranges.

import type { MeasurementFallbacks } from './parameters.js';

export interface Measurements {
  cpuPercent: number;
  memoryPercent: number;
  dbLatencyMs: number;
  apiRequestsPerSecond: number;
  connectedDevices: number;
  bmsClients: number;
  ocppBackendRunning: boolean;
  securityAlerts: number;
  dbOk: boolean;
  /** The store refused its last write (a full disk, an I/O error). */
  dbWriteFailing: boolean;
  /** Nodes of the cluster counted (neither stopped cleanly nor draining); 1 alone. */
  clusterNodes: number;
  clusterNodesHealthy: number;
  /** Devices without an owner for longer than the grace (a lease time). */
  clusterDevicesUnowned: number;
  /** The cluster's database answered the last read of its status. */
  clusterDatabaseOk: boolean;
}

export function emptyMeasurements(): Measurements {
  return {
    cpuPercent: 0,
    memoryPercent: 0,
    dbLatencyMs: 0,
    apiRequestsPerSecond: 0,
    connectedDevices: 0,
    bmsClients: 0,
    ocppBackendRunning: true,
    securityAlerts: 0,
    dbOk: true,
    dbWriteFailing: false,
    clusterNodes: 1,
    clusterNodesHealthy: 1,
    clusterDevicesUnowned: 0,
    clusterDatabaseOk: true,
  };
}

const read = (env: Readonly<Record<string, number>>, key: string, fallback: number): number => {
  const v = env[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
};

/** Fills `out` from `env`; `chargers` is the fallback of Connected Devices (chargers seen on the site). */
export function readMeasurements(
  env: Readonly<Record<string, number>>,
  f: MeasurementFallbacks,
  chargers: number,
  out: Measurements,
): void {
  out.cpuPercent = read(env, 'cpuPercent', f.cpuPercent);
  out.memoryPercent = read(env, 'memoryPercent', f.memoryPercent);
  out.dbLatencyMs = read(env, 'dbLatencyMs', f.dbLatencyMs);
  out.apiRequestsPerSecond = read(env, 'apiRequestsPerSecond', f.apiRequestsPerSecond);
  out.connectedDevices = read(env, 'connectedDevices', f.connectedDevices ?? chargers);
  out.bmsClients = read(env, 'bmsClients', f.bmsClients);
  out.ocppBackendRunning = read(env, 'ocppBackendRunning', f.ocppBackendRunning) > 0;
  out.securityAlerts = read(env, 'securityAlerts', f.securityAlerts);
  out.dbOk = read(env, 'dbOk', f.dbOk) > 0;
  out.dbWriteFailing = read(env, 'dbWriteFailing', f.dbWriteFailing) > 0;
  out.clusterNodes = read(env, 'clusterNodes', f.clusterNodes);
  out.clusterNodesHealthy = read(env, 'clusterNodesHealthy', f.clusterNodesHealthy ?? out.clusterNodes);
  out.clusterDevicesUnowned = read(env, 'clusterDevicesUnowned', f.clusterDevicesUnowned);
  out.clusterDatabaseOk = read(env, 'clusterDatabaseOk', f.clusterDatabaseOk) > 0;
}

/** `value` inside [lo, hi], rounded to `decimals`. */
export function clampRound(value: number, lo: number, hi: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(Math.min(hi, Math.max(lo, value)) * f) / f;
}
