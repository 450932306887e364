// The services facade over a Runtime and its store: what `Runtime.services` holds.

import { Logins, type LoginsOptions } from '../../auth/logins.js';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { Site } from '../../site/model.js';
import type { Store } from '../../store/store.js';
import type { AlarmMonitor } from '../alarm-monitor.js';
import type { DeviceDriver } from '../device-driver.js';
import type { DeviceRunner } from '../device-runner.js';
import type { PointStore } from '../point-store.js';
import { systemEnableKey } from '../system-enable-key.js';
import type { WritePath } from '../write-path.js';
import { alarmsService } from './alarms.js';
import { ChargingBackendSlot } from './charging-backend.js';
import { ClusterSlot } from './cluster-view.js';
import { devicesService } from './devices.js';
import { faultsService } from './faults.js';
import { historyService } from './history.js';
import { OwnerCalls } from './owner-calls.js';
import type { OwnershipListener, OwnershipWants } from './ownership.js';
import { pointsService } from './points.js';
import { RolesService } from './roles.js';
import type { Services } from './services.js';
import { type SimulationSources, simulationService } from './simulation.js';
import { trailsService } from './trails.js';
import { usersService } from './users.js';
import { writesService } from './writes.js';

/** The parts of a Runtime the facade stands on (the Runtime passes itself; named here so as not to import it). */
/** How the site's one Logins is made: all but the store (the runtime's), all optional. */
export type LoginSettings = Partial<Omit<LoginsOptions, 'store'>>;

export interface ServiceSources extends SimulationSources {
  readonly options: {
    readonly site: Site;
    readonly store: Store;
    readonly clock: Clock;
    readonly log?: Logger;
    readonly logins?: LoginSettings;
  };
  readonly points: PointStore;
  readonly writes: WritePath;
  readonly alarms: AlarmMonitor;
  readonly runners: ReadonlyMap<string, DeviceRunner>;
  readonly signals: Map<string, number>;
  readonly drivers: ReadonlyMap<string, DeviceDriver>;
  setFault(deviceId: string, fault: string, active: boolean, by: string): string | null;
  /** A node of a cluster (it runs the devices it holds, plays the roles it is given). */
  readonly clustered: boolean;
  owns(deviceId: string): boolean;
  onOwnership(listener: OwnershipListener): () => void;
  /** The devices protocol parts ask to run here (a node of a cluster follows them). */
  readonly wants: OwnershipWants;
}

export function createServices(runtime: ServiceSources): Services {
  const { site, store, clock, log, logins } = runtime.options;
  const trails = trailsService(store);
  const owns = (device: string) => runtime.owns(device);
  const ownerCalls = new OwnerCalls(owns);
  return {
    site,
    clock,
    points: pointsService(runtime.points, runtime.writes),
    devices: devicesService(runtime.drivers),
    writes: writesService(runtime.writes, systemEnableKey(site)),
    history: historyService(store.history, runtime.writes, runtime.points, clock),
    alarms: alarmsService(runtime.alarms, store, runtime.writes, clock, {
      owns,
      calls: ownerCalls,
      clustered: runtime.clustered,
    }),
    events: trails.events,
    audit: trails.audit,
    faults: faultsService(
      runtime.runners,
      (device, fault, active, by) => runtime.setFault(device, fault, active, by),
      ownerCalls,
    ),
    users: usersService(store),
    logins: new Logins({ ...(log ? { log } : {}), ...logins, store }),
    simulation: simulationService(runtime),
    charging: store.charging,
    outbox: store.outbox,
    alarmReports: store.alarmReports,
    chargingBackend: new ChargingBackendSlot(),
    cluster: new ClusterSlot(),
    ownership: {
      owns,
      onChange: (listener) => runtime.onOwnership(listener),
      want: (device, wanted) => runtime.wants.set(device, wanted),
    },
    ownerCalls,
    roles: new RolesService(runtime.clustered),
  };
}
