// The parking server's real self-measurement for `pointyard start`: CPU and memory of the machine, the
// store's probe latency and whether it refuses writes, API request rate, devices running, BMS clients, and, on
// a node of a cluster, the cluster's nodes and owners (cluster-measurements.ts). Measured every few seconds of
// wall-clock time (the cluster's at every read: its view is read once per heartbeat) and shared by every
// device (only the parking server's behaviour reads it).

import { cpus, freemem, totalmem } from 'node:os';
import type { Environment } from '../runtime/environment.js';
import type { ClusterView } from '../runtime/services/cluster-view.js';
import type { Store } from '../store/store.js';
import { ClusterMeasurer } from './cluster-measurements.js';
import type { ServerMetrics } from './server-metrics.js';

const REFRESH_MS = 5000;

function cpuTimes(): { idle: number; total: number } {
  let idle = 0;
  let total = 0;
  for (const cpu of cpus()) {
    const t = cpu.times;
    idle += t.idle;
    total += t.user + t.nice + t.sys + t.idle + t.irq;
  }
  return { idle, total };
}

export class RealEnvironment implements Environment {
  private values: Record<string, number> = {};
  private lastRefresh = Number.NEGATIVE_INFINITY;
  private lastCpu = cpuTimes();
  private dbLatencyMs = 0;
  private dbOk = 1;
  private readonly clusterMeasurer = new ClusterMeasurer();

  constructor(
    private readonly store: Store,
    private readonly metrics: ServerMetrics,
    /** Devices communicating now (simulated devices running, real devices answering). */
    private readonly connectedDevices: () => number,
    /** This node's cluster view, or null when it is alone (then one healthy node, as without a cluster). */
    private readonly cluster: () => ClusterView | null = () => null,
  ) {}

  read(): Readonly<Record<string, number>> {
    const wall = Date.now();
    if (wall - this.lastRefresh >= REFRESH_MS) this.refresh(wall);
    // Read at every step, not every refresh: a refused write shows at once as Database Status ERROR.
    this.values.dbWriteFailing = this.store.health.failing() ? 1 : 0;
    // Likewise the CSMS starting or stopping shows at once as OCPP Backend Status.
    this.values.ocppBackendRunning = this.metrics.ocppBackendRunning ? 1 : 0;
    this.readCluster();
    return this.values;
  }

  /** On a node of a cluster: the nodes, the owners and Connected Devices across the nodes from its view. */
  private readCluster(): void {
    const view = this.cluster();
    const measured =
      view &&
      this.clusterMeasurer.measure(view.snapshot(), view.leaseMs, performance.now(), this.connectedDevices());
    if (measured) Object.assign(this.values, measured);
  }

  private refresh(wall: number): void {
    this.lastRefresh = wall;
    const cpu = cpuTimes();
    const busy = cpu.total - this.lastCpu.total - (cpu.idle - this.lastCpu.idle);
    const span = cpu.total - this.lastCpu.total;
    this.lastCpu = cpu;
    // The probe is async: its answer is shown from the next refresh on.
    this.store.probe().then(
      (ms) => {
        this.dbLatencyMs = ms;
        this.dbOk = 1;
      },
      () => {
        this.dbOk = 0;
      },
    );
    this.values = {
      cpuPercent: span > 0 ? (100 * busy) / span : 0,
      memoryPercent: 100 * (1 - freemem() / totalmem()),
      dbLatencyMs: this.dbLatencyMs,
      dbOk: this.dbOk,
      apiRequestsPerSecond: this.metrics.requestRate(wall),
      connectedDevices: this.connectedDevices(),
      bmsClients: this.metrics.activeClients(wall),
      ocppBackendRunning: this.metrics.ocppBackendRunning ? 1 : 0,
      securityAlerts: this.metrics.securityIncidents,
      clusterNodes: 1,
      clusterNodesHealthy: 1,
    };
  }
}
