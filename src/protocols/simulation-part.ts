// A plug-in's part in `pointyard simulate`: the exchanges it makes on a running site (a CSMS and its
// charge points), run in memory on the virtual clock instead of over sockets, so that a data set stays
// reproducible and fast. `simulate` starts each one after the runtime and closes it before the runtime stops;
// while any runs, it moves virtual time in small steps and lets the exchanges finish between them.

import type { Logger } from '../core/logger.js';
import type { Services } from '../runtime/services/services.js';

export interface SimulationRun {
  close(): Promise<void>;
}

export interface SimulationPart {
  /** Starts the plug-in's exchanges for the site, or answers null when the site asks for none. */
  start(services: Services, log: Logger): Promise<SimulationRun | null>;
}
