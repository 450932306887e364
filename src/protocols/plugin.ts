// The protocol plug-in contract: everything Pointyard knows of a protocol comes from its plug-in, and the
// registry (registry.ts) lists the plug-ins. Each layer below declares the part it uses (PointsPlugin,
// SitePlugin…) so that it never imports a protocol; this interface is all of them together.

import type { DriverFactory } from '../runtime/device-driver.js';
import type { SitePlugin } from '../site/site-plugin.js';
import type { HttpService } from './http-service.js';
import type { ServerService } from './server-service.js';
import type { SimulationPart } from './simulation-part.js';

export interface ProtocolPlugin extends SitePlugin {
  // Servers and connectors (read by the composition root, src/server.ts, and `pointyard start`).
  /** Its server of its own: command-line options, settings (`server.<name>`), start. */
  readonly server?: ServerService<unknown>;
  /** Its routes on the shared HTTP host. */
  readonly http?: HttpService;
  /** The drivers of the devices it reads (`source.kind` is its name): connectors to real devices. */
  readonly connector?: DriverFactory;
  /** What it does under `simulate`, in memory on the virtual clock. */
  readonly simulation?: SimulationPart;
}
