// Everything the parking server keeps between steps, built once at init (tables, queues, the outputs
// object) and updated in place by each step.

import type { Rng } from '../../core/rng.js';
import type { Value } from '../../core/value.js';
import { LocalTime } from '../../util/local-time.js';
import type { BehaviourEvent, DeviceContext, Effect } from '../behaviour.js';
import { CarPark } from './car-park.js';
import { ChargerRoster, pluginCounter } from './chargers.js';
import {
  type DailyTotals,
  type LifetimeTotals,
  restoreDay,
  restoreLifetime,
  totalsCounters,
} from './daily-totals.js';
import type { FaultState } from './faults.js';
import { LoadBalancer } from './load-management.js';
import { emptyMeasurements, type Measurements } from './measurements.js';
import { buildOccupancyTable } from './occupancy-table.js';
import { type ParkingParameters, parametersOf } from './parameters.js';
import { initialSecurityAlert, type SecurityAlertState, securityAlertCounters } from './security-alert.js';
import { restoreTasks, type TaskState } from './server-tasks.js';
import { type LicenseExpiry, parseLicenseExpiry } from './statuses.js';
import type { Tariff } from './tariffs.js';

export interface ParkingState {
  p: ParkingParameters;
  local: LocalTime;
  park: CarPark;
  /** Tariff pricing the exits now, and the Tariff Profile value it came from. */
  tariff: Tariff;
  tariffCommand: string;
  today: DailyTotals;
  life: LifetimeTotals;
  roster: ChargerRoster;
  balancer: LoadBalancer;
  m: Measurements;
  faults: FaultState;
  security: SecurityAlertState;
  tasks: TaskState;
  license: LicenseExpiry;
  /** System Enable, Emergency Mode and the payment gateway as of the last step. */
  enabled: boolean;
  emergency: boolean;
  paymentOnline: boolean;
  /** Card payments taken while the gateway was away, waiting to be settled. */
  queuedPayments: number;
  queuedCents: number;
  /** Reused at every step (no allocation per step). */
  outputs: Record<string, Value>;
  events: BehaviourEvent[];
  effects: Effect[];
  signals: Record<string, number>;
}

export function initState(
  ctx: DeviceContext,
  rng: Rng,
  now: number,
  saved: Record<string, number>,
): ParkingState {
  const p = parametersOf(ctx.device);
  const local = new LocalTime(ctx.tz);
  const park = new CarPark(
    buildOccupancyTable(p.profile, p.capacity),
    local,
    p.capacity,
    p.minStayMin * 60_000,
  );
  park.populate(now, saved.occupied ?? null, rng);
  const plugins = new Map<string, number>();
  const prefix = pluginCounter('');
  for (const [name, value] of Object.entries(saved)) {
    if (name.startsWith(prefix)) plugins.set(name.slice(prefix.length), value);
  }
  return {
    p,
    local,
    park,
    tariff: p.tariffs.get(p.tariff) as Tariff,
    tariffCommand: p.tariff,
    today: restoreDay(local.dayNumber(now), saved),
    life: restoreLifetime(saved),
    roster: new ChargerRoster(plugins),
    balancer: new LoadBalancer({
      limitKw: p.evPowerLimitKw,
      minA: p.minChargeCurrentA,
      powerFactor: p.budgetPowerFactor,
      unmanagedLimitA: p.unmanagedLimitA,
      startReserveMs: p.startReserveS * 1000,
      defaultPhases: p.defaultPhases,
      defaultVoltageV: p.defaultVoltageV,
    }),
    m: emptyMeasurements(),
    faults: { injected: new Set(), random: null, randomUntil: 0 },
    security: initialSecurityAlert(saved),
    tasks: restoreTasks(saved),
    license: parseLicenseExpiry(p.licenseExpires),
    enabled: true,
    emergency: false,
    paymentOnline: true,
    queuedPayments: 0,
    queuedCents: 0,
    outputs: {},
    events: [],
    effects: [],
    signals: {},
  };
}

/** The numbers that survive a restart. */
export function stateCounters(s: ParkingState): Record<string, number> {
  const out: Record<string, number> = {};
  totalsCounters(s.today, s.life, out);
  out.occupied = s.park.occupied;
  out.lastBackupAt = s.tasks.lastBackupAt;
  out.backupFailed = s.tasks.backup === 'FAILED' ? 1 : 0;
  s.roster.counters(out);
  securityAlertCounters(s.security, out);
  return out;
}
