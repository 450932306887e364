// The Parking Management Server (Pointyard itself): the car park's occupancy, transactions and revenue,
// the EV chargers' plug-ins and load management, and the server's own measurements and statuses. A pure
// step: the runtime measures the server (`inputs.env`) and carries out backups, reports, notifications and
// syncs (`effects` → `inputs.results`). See docs/behaviour.md.

import type { Rng } from '../../core/rng.js';
import type { Behaviour, DeviceContext, StepInputs, StepResult } from '../behaviour.js';
import { relinquishDefault } from '../defaults.js';
import { applyCommands } from './commands.js';
import { averageStayMin } from './daily-totals.js';
import { hasFault, PARKING_FAULTS, stepRandomFault } from './faults.js';
import { clampRound, readMeasurements } from './measurements.js';
import { parametersOf } from './parameters.js';
import { SECURITY_ALERT_POINT, updateSecurityAlert } from './security-alert.js';
import { runAction, takeResult } from './server-tasks.js';
import { initState, type ParkingState, stateCounters } from './state.js';
import {
  bmsStatus,
  clusterStatus,
  databaseStatus,
  licenseStatus,
  ocppStatus,
  paymentStatus,
  serverStatus,
} from './statuses.js';
import { closeDay, releaseDepartures, settlePayments } from './transactions.js';

/** Cars arrive and leave, priced; cars that want to charge go to a charger. */
function stepCarPark(s: ParkingState, inputs: StepInputs, dt: number, rng: Rng): void {
  const { now, signals } = inputs;
  const events = s.events;
  const day = s.local.dayNumber(now);
  if (day !== s.today.day) closeDay(s, now, day, events);
  releaseDepartures(s, now, events);
  const arrivals = dt > 0 ? s.park.arrivalsIn(now, dt, rng) : 0;
  const plugShare = s.p.evPlugInShare / 100;
  for (let i = 0; i < arrivals; i++) {
    const at = now - rng.next() * dt * 1000;
    s.life.arrivals++;
    if (!s.park.admit(at, rng)) {
      s.today.turnedAway++;
      s.life.turnedAway++;
      events.push({
        kind: 'turned-away',
        point: 'total-available',
        message: `Car turned away: car park full (${s.today.turnedAway} today)`,
        data: { at, turnedAwayToday: s.today.turnedAway },
      });
      continue;
    }
    // While the site is disabled the chargers are paused: no car is sent to them.
    if (!rng.chance(plugShare) || !s.enabled) continue;
    const charger = s.roster.dispatch(signals, now);
    if (charger) {
      events.push({
        kind: 'ev-plugin',
        point: null,
        message: `Car sent to charger ${charger.id}`,
        data: { charger: charger.id, total: charger.pluginCount },
      });
    }
  }
  // A car whose whole stay fits in this step (a long step) leaves in it too.
  releaseDepartures(s, now, events);
}

/** The server's measured points and statuses into the outputs. */
function publish(s: ParkingState, now: number): void {
  const o = s.outputs;
  const { m, faults: f, park, today, p } = s;
  o['total-occupied'] = park.occupied;
  o['total-available'] = park.available;
  o['occupancy-rate'] = Math.round((park.occupied / park.capacity) * 10_000) / 100;
  o['revenue-today'] = today.revenueCents / 100;
  o['transactions-today'] = Math.min(10_000, today.transactions);
  o['average-stay-duration'] = clampRound(averageStayMin(today), 0, 720, 1);
  o['server-cpu-usage'] = clampRound(m.cpuPercent, 0, 100, 1);
  o['server-memory-usage'] = clampRound(m.memoryPercent, 0, 100, 1);
  const db = databaseStatus(f, m);
  // A probe that gets no answer shows the top of the range (its timeout).
  o['database-response-time'] = db === 'CONNECTED' ? clampRound(m.dbLatencyMs, 1, 1000, 1) : 1000;
  o['api-request-rate'] = clampRound(m.apiRequestsPerSecond, 0, 1000, 1);
  o['connected-devices'] = clampRound(m.connectedDevices, 0, 500, 0);
  o['server-status'] = serverStatus(f, s.enabled);
  o['database-status'] = db;
  o['bms-integration-status'] = bmsStatus(f, m);
  o['payment-gateway-status'] = paymentStatus(f);
  o['ocpp-backend-status'] = ocppStatus(f, m);
  o['cluster-status'] = clusterStatus(f, m);
  o['backup-status'] = hasFault(f, 'backup-failure') ? 'FAILED' : s.tasks.backup;
  o['license-status'] = licenseStatus(s.license, p.licenseWarningDays, now, s.local);
  o['security-alert'] = s.security.active;
  o['last-backup-time'] = s.tasks.lastBackupText;
}

export const parkingServerBehaviour: Behaviour<ParkingState> = {
  name: 'parking-server',
  faults: PARKING_FAULTS,

  // A node cut off from the database sees it so, and the cluster so (docs/cluster.md, Cluster Status).
  cutOff: () => ({ 'database-status': 'DISCONNECTED', 'cluster-status': 'FAULT' }),

  init(ctx, rng, now, saved) {
    return initState(ctx, rng, now, saved);
  },

  step(
    ctx: DeviceContext,
    s: ParkingState,
    inputs: StepInputs,
    dt: number,
    rng: Rng,
  ): StepResult<ParkingState> {
    const { now } = inputs;
    const { p, events, effects } = s;
    events.length = 0;
    effects.length = 0;
    s.faults.injected = inputs.faults;
    stepRandomFault(
      s.faults,
      p.randomFaults,
      p.faultRatePerDay,
      p.faultDurationMin * 60_000,
      now,
      dt,
      rng,
      events,
    );
    s.roster.refresh(inputs.signals);
    readMeasurements(inputs.env, p.fallbacks, s.roster.links.length, s.m);
    applyCommands(s, inputs.commands, events);
    settlePayments(s, paymentStatus(s.faults) === 'ONLINE', events);
    stepCarPark(s, inputs, dt, rng);
    s.balancer.allocate(s.roster.links, inputs.signals, now);
    s.roster.publish(s.signals);
    updateSecurityAlert(
      s.security,
      s.m.securityAlerts,
      s.emergency,
      hasFault(s.faults, 'security-incident'),
      inputs.acknowledged?.includes(SECURITY_ALERT_POINT) ?? false,
      events,
    );
    if (inputs.actions.length > 0) {
      const databaseUp = databaseStatus(s.faults, s.m) === 'CONNECTED';
      const task = {
        now,
        databaseUp,
        backupBroken: hasFault(s.faults, 'backup-failure'),
        deviceName: ctx.device.name,
        report: {
          date: s.local.dateText(now),
          occupied: s.park.occupied,
          capacity: s.park.capacity,
          revenue: s.today.revenueCents / 100,
          transactions: s.today.transactions,
          averageStayMin: averageStayMin(s.today),
          turnedAway: s.today.turnedAway,
        },
      };
      for (const id of inputs.actions) runAction(id, s.tasks, task, effects, events);
    }
    for (const result of inputs.results) takeResult(result, s.tasks, events);
    publish(s, now);
    return {
      state: s,
      outputs: s.outputs,
      events,
      signals: s.signals,
      ...(effects.length > 0 ? { effects } : {}),
    };
  },

  relinquishDefault(ctx, point) {
    // Tariff Profile rests on the configured `tariff`.
    return point.id === 'tariff-profile' ? parametersOf(ctx.device).tariff : relinquishDefault(ctx, point);
  },

  counters: stateCounters,

  onDemand(_ctx, s, point) {
    return point.id === 'total-parking-capacity' ? s.park.capacity : (s.outputs[point.id] ?? 0);
  },

  // The site's EV power limit shared by the managed chargers (site file, else its default): the EV
  // chargers' dashboard draws it against their total power.
  facts(ctx) {
    return { evPowerLimit: { value: parametersOf(ctx.device).evPowerLimitKw, unit: 'kW' } };
  },

  choices(ctx, point) {
    return point.id === 'tariff-profile' ? [...parametersOf(ctx.device).tariffs.keys()] : null;
  },

  refuse(ctx, point, value) {
    if (point.id !== 'tariff-profile') return null;
    const names = [...parametersOf(ctx.device).tariffs.keys()];
    return typeof value === 'string' && names.includes(value)
      ? null
      : `'${String(value)}' is not a configured tariff profile (configured: ${names.join(', ')})`;
  },
};
