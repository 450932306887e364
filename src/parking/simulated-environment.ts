// Stand-in self-measurement for `pointyard simulate`: plausible figures that depend only on the simulated
// time, so that a data set reproduces from its seed. A busy server by day, quiet by night.

import type { Environment } from '../runtime/environment.js';
import type { Site } from '../site/model.js';
import { LocalTime } from '../util/local-time.js';

/** Smooth, irregular-looking variation in [-1, 1]: three slow waves of unrelated periods (7, 13, 29 min). */
function wobble(t: number, phase: number): number {
  const m = t / 60_000;
  return (
    0.5 * Math.sin((2 * Math.PI * m) / 7 + phase) +
    0.3 * Math.sin((2 * Math.PI * m) / 13 + 2 * phase + 1) +
    0.2 * Math.sin((2 * Math.PI * m) / 29 + 3 * phase + 2)
  );
}

export class SimulatedEnvironment implements Environment {
  private readonly local: LocalTime;
  private readonly values: Record<string, number> = {};

  constructor(private readonly site: Site) {
    this.local = new LocalTime(site.site.tz);
  }

  read(_device: unknown, now: number): Readonly<Record<string, number>> {
    const hour = this.local.hourOfDay(now);
    const day = 0.5 - 0.5 * Math.cos((2 * Math.PI * (hour - 3)) / 24); // 0 at 03:00, 1 at 15:00
    const v = this.values;
    v.cpuPercent = 6 + 18 * day + 3 * wobble(now, 0);
    v.memoryPercent = 38 + 6 * day + 0.5 * wobble(now, 1);
    v.dbLatencyMs = 2 + 4 * day + 1.5 * (1 + wobble(now, 2));
    v.dbOk = 1;
    v.dbWriteFailing = 0;
    v.apiRequestsPerSecond = 2 + 25 * day;
    v.connectedDevices = this.site.devices.length;
    v.bmsClients = 1;
    v.ocppBackendRunning = 1;
    v.securityAlerts = 0;
    v.clusterNodes = 1;
    v.clusterNodesHealthy = 1;
    return v;
  }
}
