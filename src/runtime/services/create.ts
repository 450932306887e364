// The services facade over a Runtime and its store: what `Runtime.services` holds.

import { type Runtime, systemEnableKey } from '../runtime.js';
import { alarmsService } from './alarms.js';
import { faultsService } from './faults.js';
import { historyService } from './history.js';
import { pointsService } from './points.js';
import type { Services } from './services.js';
import { trailsService } from './trails.js';
import { usersService } from './users.js';
import { writesService } from './writes.js';

export function createServices(runtime: Runtime): Services {
  const { site, store, clock } = runtime.options;
  const trails = trailsService(store);
  return {
    site,
    clock,
    points: pointsService(runtime.points, runtime.writes),
    writes: writesService(runtime.writes, systemEnableKey(site)),
    history: historyService(store.history, runtime.writes, runtime.points, clock),
    alarms: alarmsService(runtime.alarms, store, runtime.writes, clock),
    events: trails.events,
    audit: trails.audit,
    faults: faultsService(runtime.runners, (device, fault, active, by) =>
      runtime.setFault(device, fault, active, by),
    ),
    users: usersService(store),
  };
}
