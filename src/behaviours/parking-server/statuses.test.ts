import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LocalTime } from '../../util/local-time.js';
import type { BehaviourEvent } from '../behaviour.js';
import type { FaultState } from './faults.js';
import { emptyMeasurements, readMeasurements } from './measurements.js';
import { DEFAULT_FALLBACKS } from './parameters.js';
import { initialSecurityAlert, securityAlertCounters, updateSecurityAlert } from './security-alert.js';
import {
  bmsStatus,
  clusterStatus,
  databaseStatus,
  licenseStatus,
  ocppStatus,
  parseLicenseExpiry,
  paymentStatus,
  serverStatus,
} from './statuses.js';

const faults = (...names: string[]): FaultState => ({
  injected: new Set(names),
  random: null,
  randomUntil: 0,
});

test('server, database, payment, OCPP and BMS statuses from faults and measurements', () => {
  const m = emptyMeasurements();
  assert.equal(serverStatus(faults(), true), 'RUNNING');
  assert.equal(serverStatus(faults(), false), 'MAINTENANCE');
  assert.equal(serverStatus(faults('server-error'), false), 'ERROR');
  assert.equal(databaseStatus(faults(), m), 'CONNECTED');
  assert.equal(databaseStatus(faults('database-down'), m), 'DISCONNECTED');
  assert.equal(databaseStatus(faults('database-error', 'database-down'), m), 'ERROR');
  assert.equal(databaseStatus(faults(), { ...m, dbOk: false }), 'DISCONNECTED');
  assert.equal(databaseStatus(faults(), { ...m, dbWriteFailing: true }), 'ERROR');
  assert.equal(databaseStatus(faults(), { ...m, dbOk: false, dbWriteFailing: true }), 'DISCONNECTED');
  assert.equal(paymentStatus(faults()), 'ONLINE');
  assert.equal(paymentStatus(faults('payment-gateway-offline')), 'OFFLINE');
  assert.equal(
    paymentStatus({ injected: new Set(), random: 'payment-gateway-error', randomUntil: 1 }),
    'ERROR',
  );
  assert.equal(ocppStatus(faults(), m), 'RUNNING');
  assert.equal(ocppStatus(faults(), { ...m, ocppBackendRunning: false }), 'STOPPED');
  assert.equal(ocppStatus(faults('ocpp-backend-down'), m), 'STOPPED');
  assert.equal(bmsStatus(faults(), { ...m, bmsClients: 0 }), 'DISCONNECTED');
  assert.equal(bmsStatus(faults(), { ...m, bmsClients: 2 }), 'CONNECTED');
  assert.equal(bmsStatus(faults('bms-disconnected'), { ...m, bmsClients: 2 }), 'DISCONNECTED');
});

test('cluster: one node is healthy; some nodes down is degraded; none is a fault', () => {
  const m = (clusterNodes: number, clusterNodesHealthy: number) => ({
    ...emptyMeasurements(),
    clusterNodes,
    clusterNodesHealthy,
  });
  assert.equal(clusterStatus(faults(), m(1, 1)), 'HEALTHY');
  assert.equal(clusterStatus(faults(), m(3, 3)), 'HEALTHY');
  assert.equal(clusterStatus(faults(), m(3, 2)), 'DEGRADED');
  assert.equal(clusterStatus(faults(), m(3, 0)), 'FAULT');
  assert.equal(clusterStatus(faults('cluster-degraded'), m(1, 1)), 'DEGRADED');
  assert.equal(clusterStatus(faults('cluster-fault'), m(1, 1)), 'FAULT');
});

test('cluster: devices without an owner past their grace, or the database not answering, are a fault', () => {
  const m = { ...emptyMeasurements(), clusterNodes: 3, clusterNodesHealthy: 2 };
  assert.equal(clusterStatus(faults(), { ...m, clusterDevicesUnowned: 1 }), 'FAULT');
  assert.equal(clusterStatus(faults(), { ...m, clusterDatabaseOk: false }), 'FAULT');
  assert.equal(clusterStatus(faults(), { ...m, clusterNodesHealthy: 3, clusterDatabaseOk: false }), 'FAULT');
  assert.equal(clusterStatus(faults(), { ...m, clusterDevicesUnowned: 0 }), 'DEGRADED');
});

test('measurements: env values, else the fallbacks (Connected Devices: the chargers seen)', () => {
  const m = emptyMeasurements();
  readMeasurements({}, DEFAULT_FALLBACKS, 4, m);
  assert.equal(m.cpuPercent, 5);
  assert.equal(m.connectedDevices, 4);
  assert.equal(m.clusterNodesHealthy, 1);
  assert.equal(m.clusterDevicesUnowned, 0);
  assert.equal(m.clusterDatabaseOk, true);
  readMeasurements({ cpuPercent: 42, clusterNodes: 3, ocppBackendRunning: 0 }, DEFAULT_FALLBACKS, 4, m);
  assert.equal(m.cpuPercent, 42);
  assert.equal(m.clusterNodesHealthy, 3, 'every node healthy unless told');
  assert.equal(m.ocppBackendRunning, false);
  readMeasurements({ clusterDevicesUnowned: 2, clusterDatabaseOk: 0 }, DEFAULT_FALLBACKS, 4, m);
  assert.equal(m.clusterDevicesUnowned, 2);
  assert.equal(m.clusterDatabaseOk, false);
});

test('licence: VALID without expiry, EXPIRING in the last 30 days, EXPIRED after the day', () => {
  const paris = new LocalTime('Europe/Paris');
  const expiry = parseLicenseExpiry('2026-03-31');
  const at = (iso: string) => licenseStatus(expiry, 30, Date.parse(iso), paris);
  assert.equal(licenseStatus(null, 30, 0, paris), 'VALID');
  assert.equal(at('2026-02-28T12:00:00Z'), 'VALID');
  assert.equal(at('2026-03-01T12:00:00Z'), 'EXPIRING');
  assert.equal(at('2026-03-31T21:59:00Z'), 'EXPIRING', '23:59 local on the last day');
  assert.equal(at('2026-03-31T22:00:00Z'), 'EXPIRED', 'midnight local after it');
  const instant = parseLicenseExpiry('2026-03-31T12:00:00Z');
  assert.equal(licenseStatus(instant, 30, Date.parse('2026-03-31T11:59:59Z'), paris), 'EXPIRING');
  assert.equal(licenseStatus(instant, 30, Date.parse('2026-03-31T12:00:00Z'), paris), 'EXPIRED');
});

test('security alert: raised by new incidents, Emergency Mode or the fault starting; held until acknowledged', () => {
  const s = initialSecurityAlert({});
  const events: BehaviourEvent[] = [];
  const step = (count: number, emergency = false, fault = false, ack = false) =>
    updateSecurityAlert(s, count, emergency, fault, ack, events);
  step(0);
  assert.equal(s.active, false);
  step(3);
  assert.equal(s.active, true);
  assert.match(events[0]?.message ?? '', /3 new security incidents .*until acknowledged/);
  for (let i = 0; i < 1000; i++) step(3);
  assert.equal(s.active, true, 'no quiet period clears it');
  step(3, false, false, true);
  assert.equal(s.active, false);
  assert.equal(events[1]?.kind, 'security-alert-cleared');
  step(0);
  assert.equal(s.active, false, 'a count back to 0 (runtime restarted) is no incident');
  step(0, true);
  assert.equal(s.active, true);
  assert.match(events[2]?.message ?? '', /Emergency Mode/);
  step(0, true, false, true);
  step(0, true);
  assert.equal(s.active, false, 'acknowledged while Emergency Mode stays on: not raised again');
  step(0, false, true);
  assert.equal(s.active, true, 'the security-incident fault starting');
  step(0, false, true, true);
  assert.equal(s.active, false);
  assert.equal(events.length, 6);
});

test('security alert: an incident in the step of the acknowledgement raises a new alert at the next step', () => {
  const s = initialSecurityAlert({});
  const events: BehaviourEvent[] = [];
  updateSecurityAlert(s, 1, false, false, false, events);
  updateSecurityAlert(s, 2, false, false, true, events);
  assert.equal(s.active, false, 'the acknowledged alert ends, so that its alarm clears');
  updateSecurityAlert(s, 2, false, false, false, events);
  assert.equal(s.active, true);
  assert.match(events.at(-1)?.message ?? '', /1 new security incident /);
});

test('security alert: an unacknowledged alert is kept across a restart', () => {
  const s = initialSecurityAlert({});
  updateSecurityAlert(s, 1, false, false, false, []);
  const saved: Record<string, number> = {};
  securityAlertCounters(s, saved);
  assert.deepEqual(saved, { securityAlert: 1 });
  assert.equal(initialSecurityAlert(saved).active, true);
  assert.equal(initialSecurityAlert({}).active, false);
});
