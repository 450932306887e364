// A running site: the point store, the write path, the alarms and one runner per device, driven by a
// clock and backed by a store. `simulate` and `start` both build one of these; protocol servers take it.

import type {
  Behaviour,
  BehaviourEvent,
  DeviceRequest,
  Effect,
  EffectResult,
} from '../behaviours/behaviour.js';
import { relinquishDefault } from '../behaviours/defaults.js';
import { behaviourFor } from '../behaviours/registry.js';
import type { Clock, TimerHandle } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { PointStatus } from '../core/point-status.js';
import type { PriorityArray } from '../core/priority-array.js';
import { createRng } from '../core/rng.js';
import type { Value } from '../core/value.js';
import { numericValue } from '../points/point-value.js';
import type { Device, Site } from '../site/model.js';
import type { Alarm, SiteEvent, Store } from '../store/store.js';
import { AlarmMonitor } from './alarm-monitor.js';
import { DEFAULT_ALARM_REPORT_RETENTION_DAYS, pruneAlarmReports } from './alarm-report-retention.js';
import { DEFAULT_AUDIT_RETENTION_DAYS, pruneAudit } from './audit-retention.js';
import type { DeviceDriver, DriverFactory, DriverHost } from './device-driver.js';
import { DeviceRunner, type EventSink, type SampleSink, type SiteLink } from './device-runner.js';
import { type EffectHandler, type Environment, noEffects, noEnvironment } from './environment.js';
import { pruneHistory } from './history-retention.js';
import { type PointEntry, PointStore } from './point-store.js';
import { createServices, type LoginSettings } from './services/create.js';
import { FAULT_CALL } from './services/faults.js';
import { OwnerCallError } from './services/owner-calls.js';
import { type OwnershipListener, OwnershipListeners, OwnershipWants } from './services/ownership.js';
import type { Services } from './services/services.js';
import type { SharedOutputs } from './shared-outputs.js';
import { systemEnableKey } from './system-enable-key.js';
import { WritePath } from './write-path.js';

const silent: Logger = { info() {}, warn() {}, error() {} };
/** The kinds of calls other nodes of a cluster make to the node running a device. */
const ACTION_CALL = 'action';
const REQUEST_CALL = 'request';
/** Who sets the faults the site file scripts. */
const SITE_FILE = 'site file';

export interface RuntimeOptions {
  site: Site;
  store: Store;
  clock: Clock;
  /** Same seed, same site, same commands → the same values. */
  seed: string | number;
  /** Record every published value into `store.history` (off for `simulate`, which writes files). */
  recordHistory?: boolean;
  /** More consumers of published values and of device events (CSV writers, protocol servers…). */
  sampleSinks?: SampleSink[];
  eventSinks?: EventSink[];
  log?: Logger;
  /** How often counters, events and history are written to the store, in clock time (default 10 s). */
  persistEveryMs?: number;
  /**
   * How often the history buffered since the last write is journaled (appended raw, durable) in clock time,
   * which bounds what a crash loses (default 1 s; 0: never, a crash then loses up to `persistEveryMs`).
   */
  historyJournalEveryMs?: number;
  /** Measurements for the behaviours (default: none). */
  environment?: Environment;
  /** Does the behaviours' effects (default: refuses them). */
  effects?: EffectHandler;
  /** Chooses each device's behaviour (default: the registry); tests use it to run one in isolation. */
  behaviourFor?: (device: Device) => Behaviour | undefined;
  /** Builds the driver of each device whose source is a real device (gateway mode); none for `sim`. */
  driverFor?: DriverFactory;
  /** How the site's one Logins (services.logins) is made: the data folder's fake-salt secret, the Security Alert. */
  logins?: LoginSettings;
  /**
   * A node of a cluster: no device runs until this node holds its lease (`takeOver`, `release`); the points of
   * the devices it does not run take their values from the other nodes (`applyShared`).
   */
  clustered?: boolean;
}

export class Runtime {
  readonly points: PointStore;
  readonly writes: WritePath;
  readonly alarms: AlarmMonitor;
  /** Runners of the simulated devices, by device id (a device read from a real device has none). */
  readonly runners = new Map<string, DeviceRunner>();
  /** Drivers of the devices read from real devices, by device id: these devices have no behaviour. */
  readonly drivers = new Map<string, DeviceDriver>();
  /** The next timer of each device and of the persistence loop. */
  private readonly timers = new Map<string, TimerHandle>();
  private pendingEvents: SiteEvent[] = [];
  private running = false;
  private samples: SampleSink[] = [];
  private readonly log: Logger;
  /** Numbers the devices publish for each other (car park → chargers…). */
  readonly signals = new Map<string, number>();
  /** Listeners of the devices' events as they happen (protocol agents), beside the event sinks. */
  private readonly eventListeners = new Set<EventSink>();
  private readonly enableKey: string | null;
  /** A round of audit retention is under way. */
  private pruning = false;
  private pruningHistory = false;
  private pruningAlarmReports = false;
  /** What protocols see of this runtime: the narrow services facade (services/). */
  readonly services: Services;
  /** In a cluster, the devices this node runs now; null alone (it runs every device). */
  private readonly owned: Set<string> | null;
  private readonly ownershipListeners = new OwnershipListeners();
  /** The devices protocol parts ask to run here (services.ownership.want; a node of a cluster follows them). */
  readonly wants = new OwnershipWants();
  /** In a cluster: who takes the signals and on-demand values of the devices run here to the other nodes. */
  private readonly sharedListeners = new Set<SharedOutputs>();
  /** In a cluster: the last on-demand value shared of each point of a device run here, by index. */
  private readonly onDemandShared = new Map<number, Value>();
  /** In a cluster: the on-demand values of the devices run elsewhere, as their node computed them, by index. */
  private readonly onDemandElsewhere = new Map<number, Value>();
  /** What a driver gets from the runtime (a driver is made again each time this node takes its device). */
  private driverHost: DriverHost | null = null;
  /** Drivers of devices released, still closing their connections (the stop waits for them). */
  private readonly driversStopping = new Set<Promise<void>>();
  /** `stop` was called: a device released from now on gets no new driver. */
  private stopped = false;

  private constructor(readonly options: RuntimeOptions) {
    const { site, store, clock } = options;
    this.log = options.log ?? silent;
    this.enableKey = systemEnableKey(site);
    this.owned = options.clustered ? new Set() : null;
    this.points = new PointStore(site, clock.now());
    this.writes = new WritePath({
      store,
      points: this.points,
      clock,
      systemEnableKey: this.enableKey,
      hooks: {
        // A real device's default is the site file's or the type's rule, never a behaviour's (and it is
        // not sent: see `deviceCommand`).
        relinquishDefault: (entry) =>
          this.drivers.has(entry.device.id)
            ? relinquishDefault({ device: entry.device, tz: site.site.tz }, entry.point)
            : this.behaviourOf(entry.device).relinquishDefault(
                { device: entry.device, tz: site.site.tz },
                entry.point,
              ),
        // Committed and audited here; it runs on the node that runs the device (the answer does not wait).
        runAction: (entry, request) => {
          this.log.info({ point: entry.key, who: request.who, via: request.via }, 'action');
          if (this.owns(entry.device.id)) this.runActionHere(entry.device.id, entry.point.id);
          else this.forward(entry.device.id, ACTION_CALL, { point: entry.point.id });
        },
        // In a cluster only the node running the device sends it (the others committed the write: the owner
        // gets its priority array through the feed and sends it then).
        deviceCommand: (entry) => {
          const id = entry.device.id;
          if (!this.drivers.has(id)) return undefined;
          return (value) => {
            if (this.owns(id)) this.drivers.get(id)?.command(entry.point.id, value);
          };
        },
        // A real device refuses for itself (its refusal comes back through its connector).
        // Only the node running a device commits its points' expiries (the others learn them from its commit).
        maintains: (entry) => this.owns(entry.device.id),
        refuse: (entry, value) =>
          this.drivers.has(entry.device.id)
            ? null
            : (this.behaviourOf(entry.device).refuse?.(
                { device: entry.device, tz: site.site.tz },
                entry.point,
                value,
              ) ?? null),
      },
    });
    this.alarms = new AlarmMonitor(
      this.points,
      store,
      clock,
      (alarm) =>
        this.log.info({ alarm: alarm.id, point: alarm.key, state: alarm.state, value: alarm.value }, 'alarm'),
      (err, alarm) =>
        this.log.error(
          { err, point: alarm.key, state: alarm.state },
          'alarm not saved: kept in the open list and tried again',
        ),
      (alarm) => this.runners.get(alarm.device)?.acknowledge(alarm.point),
      // In a cluster, the alarms of a device are raised and cleared by the node that runs it.
      (device) => this.owns(device),
    );
    this.services = createServices(this);
    this.handleOwnerCalls();
  }

  /** What the calls of other nodes of a cluster do here, on the node running the device. */
  private handleOwnerCalls(): void {
    const calls = this.services.ownerCalls;
    calls.handle(ACTION_CALL, (device, payload) => {
      this.runActionHere(device, String((payload as { point?: unknown }).point));
      return null;
    });
    calls.handle(FAULT_CALL, (device, payload) => {
      const { fault, active, by } = payload as { fault: string; active: boolean; by: string };
      const why = this.setFault(device, String(fault), active === true, String(by));
      if (why) throw new OwnerCallError(why);
      return null;
    });
    calls.handle(REQUEST_CALL, (device, payload) => {
      const why = this.request(device, payload as DeviceRequest);
      if (why) throw new OwnerCallError(why);
      return null;
    });
  }

  /** Runs a committed momentary action on the device (this node runs it). */
  private runActionHere(deviceId: string, pointId: string): void {
    const driver = this.drivers.get(deviceId);
    if (driver) driver.runAction(pointId);
    else this.runners.get(deviceId)?.runAction(pointId);
  }

  /** Hands a call to the node running `deviceId` without waiting for it; a failure is logged. */
  private forward(deviceId: string, kind: string, payload: unknown): void {
    this.services.ownerCalls
      .call(deviceId, kind, payload)
      .catch((err: unknown) =>
        this.log.warn(
          { device: deviceId, kind, err: (err as Error).message },
          "not run on the device's node",
        ),
      );
  }

  private behaviourOf(device: Device): Behaviour {
    return (
      this.options.behaviourFor?.(device) ?? behaviourFor(device.profile.id, device.parameters.behaviour)
    );
  }

  /** Builds the runtime: restores counters and priority arrays, checks alarms. Nothing runs until `start`. */
  static async open(options: RuntimeOptions): Promise<Runtime> {
    const runtime = new Runtime(options);
    await runtime.init();
    return runtime;
  }

  private async init(): Promise<void> {
    const { site, store, clock, seed } = this.options;
    const counters = await store.loadCounters();
    const samples: SampleSink[] = [...(this.options.sampleSinks ?? [])];
    if (this.options.recordHistory) {
      samples.push((entry, t, value) => {
        if (!this.owns(entry.device.id)) return; // history is written by the node running the device
        const n = numericValue(entry.point, value);
        if (n !== null) store.history.append(entry.key, t, n);
      });
    }
    const eventSinks = this.options.eventSinks ?? [];
    const onEvent: EventSink = (device, t, event) => {
      this.pendingEvents.push(toSiteEvent(device, t, event));
      for (const sink of eventSinks) sink(device, t, event);
      for (const listener of this.eventListeners) listener(device, t, event);
    };
    const environment = this.options.environment ?? noEnvironment;
    const link: SiteLink = {
      signals: this.signals,
      signalChanged: (device, name, value, now) => {
        if (this.sharedListeners.size === 0 || !this.owns(device.id)) return;
        for (const listener of this.sharedListeners) listener.signal(device.id, name, value, now);
      },
      env: (device, now) => environment.read(device, now),
      effect: (runner, effect, now) => this.runEffect(runner, effect, now),
      samples,
      events: onEvent,
    };
    this.samples = samples;
    // A device runs a behaviour or a connector, never both: a real device gets no runner.
    this.createDrivers(onEvent);
    for (const device of site.devices) {
      if (this.drivers.has(device.id)) continue;
      const prefix = `${device.id}.`;
      const own: Record<string, number> = {};
      for (const [key, value] of counters) if (key.startsWith(prefix)) own[key.slice(prefix.length)] = value;
      const runner = new DeviceRunner(
        { device, tz: site.site.tz },
        this.behaviourOf(device),
        this.points,
        createRng(`${seed}/${device.id}`),
        clock.now(),
        own,
        link,
      );
      this.runners.set(device.id, runner);
      if (device.source.kind === 'sim')
        for (const index of runner.onDemandIndices)
          this.points.setReader(index, () => {
            // A device run by another node: the value its node computed last (its runner here is stopped).
            if (!this.owns(device.id)) {
              const shared = this.onDemandElsewhere.get(index);
              if (shared !== undefined) return shared;
            }
            return runner.readOnDemand(index, clock.now()) ?? 0;
          });
    }
    await this.writes.init();
    // A device read from a real device shows nothing simulated, not even before its first answer: its
    // points hold no value (status unknown) until the device is read.
    for (const runner of this.runners.values()) runner.prime(clock.now());
    for (const entry of this.points.entries)
      if (this.drivers.has(entry.device.id)) this.points.clear(entry.index, clock.now());
    // From here on, commands are recorded when their effective value changes (writes, expiries); their
    // restored values are in the snapshot that `start` records.
    this.points.subscribe((change) => {
      // A real device's commands are recorded by `publish`, as read from the device.
      if (change.entry.point.kind !== 'command' || this.drivers.has(change.entry.device.id)) return;
      for (const sink of samples) sink(change.entry, change.ts, change.value);
    });
    await this.alarms.start();
  }

  /** Starts every device on the clock. */
  start(): void {
    if (this.running) return;
    this.running = true;
    const { clock } = this.options;
    // The state at the start, so that a data set begins with every point's value.
    const now = clock.now();
    for (const entry of this.points.entries) {
      if (entry.point.update === 'onDemand' || this.drivers.has(entry.device.id)) continue; // drivers record what they read
      const value = this.points.value(entry.index);
      for (const sink of this.samples) sink(entry, now, value);
    }
    for (const [id, driver] of this.drivers) if (this.owns(id)) driver.start();
    for (const [id, runner] of this.runners) {
      const tick = (due: number) => {
        if (this.paused(runner) || !this.owns(id)) runner.skip(due);
        else {
          runner.step(due);
          if (this.sharedListeners.size > 0) this.shareOnDemand(runner, due);
        }
        this.timers.set(
          id,
          clock.at(due + runner.periodMs, () => tick(due + runner.periodMs)),
        );
      };
      const first = clock.now() + runner.periodMs;
      this.timers.set(
        id,
        clock.at(first, () => tick(first)),
      );
    }
    this.scheduleScriptedFaults(now);
    const every = this.options.persistEveryMs ?? 10_000;
    const persist = (due: number) => {
      this.persist().catch(() => {}); // logged by persist; the next round tries again
      this.pruneAudit(due);
      this.pruneAlarmReports(due);
      this.pruneHistory(due);
      this.timers.set(
        'persist',
        clock.at(due + every, () => persist(due + every)),
      );
    };
    const firstPersist = clock.now() + every;
    this.timers.set(
      'persist',
      clock.at(firstPersist, () => persist(firstPersist)),
    );
    this.scheduleHistoryJournal();
    this.log.info({ devices: this.options.site.devices.length, points: this.points.size }, 'site running');
  }

  /** Journals the buffered history every `historyJournalEveryMs` between the persists that flush it. */
  private scheduleHistoryJournal(): void {
    const { clock, store } = this.options;
    const every = this.options.historyJournalEveryMs ?? 1000;
    if (!this.options.recordHistory || every <= 0) return;
    const journal = (due: number) => {
      store.history.journal().catch((err: unknown) => this.log.error({ err }, 'could not journal history'));
      this.timers.set(
        'history-journal',
        clock.at(due + every, () => journal(due + every)),
      );
    };
    const first = clock.now() + every;
    this.timers.set(
      'history-journal',
      clock.at(first, () => journal(first)),
    );
  }

  /** Audit records past the site's retention go, a batch at a time, one round at a time, while running. */
  private pruneAudit(now: number): void {
    if (this.pruning) return;
    this.pruning = true;
    const days = this.options.site.store.auditRetentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS;
    pruneAudit(this.options.store, now, days, { active: () => this.running })
      .then((deleted) => {
        if (deleted > 0)
          this.log.info({ deleted, retentionDays: days }, 'audit records past retention deleted');
      })
      .catch((err: unknown) => this.log.error({ err }, 'could not delete old audit records'))
      .finally(() => {
        this.pruning = false;
      });
  }

  /** History past the site's retentions (samples, then roll-ups) goes as the audit does; none when unset. */
  private pruneHistory(now: number): void {
    const { historyRetentionDays, rollupRetentionDays } = this.options.site.store;
    if (this.pruningHistory || (historyRetentionDays === undefined && rollupRetentionDays === undefined))
      return;
    this.pruningHistory = true;
    pruneHistory(
      this.options.store.history,
      now,
      { historyRetentionDays, rollupRetentionDays },
      { active: () => this.running },
    )
      .then(({ chunks, rollupHours }) => {
        if (chunks + rollupHours > 0)
          this.log.info(
            { chunks, rollupHours, historyRetentionDays, rollupRetentionDays },
            'history past retention deleted',
          );
      })
      .catch((err: unknown) => this.log.error({ err }, 'could not delete old history'))
      .finally(() => {
        this.pruningHistory = false;
      });
  }

  /** Alarm reports past the site's retention go as the audit's do (queued ones stay, whatever their age). */
  private pruneAlarmReports(now: number): void {
    if (this.pruningAlarmReports) return;
    this.pruningAlarmReports = true;
    const days = this.options.site.store.alarmReportRetentionDays ?? DEFAULT_ALARM_REPORT_RETENTION_DAYS;
    pruneAlarmReports(this.options.store, now, days, { active: () => this.running })
      .then((deleted) => {
        if (deleted > 0)
          this.log.info({ deleted, retentionDays: days }, 'alarm reports past retention deleted');
      })
      .catch((err: unknown) => this.log.error({ err }, 'could not delete old alarm reports'))
      .finally(() => {
        this.pruningAlarmReports = false;
      });
  }

  /** Faults the site file scripts: each set at its time and cleared after its duration (never for a past one). */
  private scheduleScriptedFaults(start: number): void {
    const { clock } = this.options;
    for (const device of this.options.site.devices) {
      device.faults.forEach((scripted, i) => {
        const from = 'time' in scripted.at ? scripted.at.time : start + scripted.at.afterMs;
        const until = scripted.durationMs === null ? null : from + scripted.durationMs;
        if (until !== null && until <= start) return;
        const id = `fault:${device.id}:${i}`;
        const apply = (active: boolean) => {
          const why = this.setFault(device.id, scripted.fault, active, SITE_FILE);
          if (why) this.log.warn({ device: device.id, fault: scripted.fault }, why);
        };
        this.timers.set(
          `${id}:on`,
          clock.at(from, () => apply(true)),
        );
        if (until !== null)
          this.timers.set(
            `${id}:off`,
            clock.at(until, () => apply(false)),
          );
      });
    }
  }

  /** Drivers for the devices whose source is a real device; refuses a site whose driver is missing. */
  private createDrivers(onEvent: EventSink): void {
    this.driverHost = {
      points: this.points,
      log: this.log,
      clock: this.options.clock,
      publish: (index, value, ts, status) => this.publish(index, value, ts, status),
      event: (device, ts, event) => {
        // A driver stopping after its device went to another node: what it says is no longer this node's.
        if (this.owns(device.id)) onEvent(device, ts, event);
      },
    };
    for (const device of this.options.site.devices) {
      if (device.source.kind === 'sim') continue;
      this.drivers.set(device.id, this.newDriver(device));
    }
  }

  private newDriver(device: Device): DeviceDriver {
    const driver = this.driverHost && this.options.driverFor?.(device, this.driverHost);
    if (!driver)
      throw new Error(
        `device '${device.id}' reads a real device over ${device.source.kind}, which only \`pointyard start\` does (simulate runs simulated devices)`,
      );
    return driver;
  }

  /** Shares the on-demand values of a device run here that moved since they were last shared (a cluster). */
  private shareOnDemand(runner: DeviceRunner, now: number): void {
    for (const index of runner.onDemandIndices) {
      const value = runner.readOnDemand(index, now);
      if (value === undefined || value === this.onDemandShared.get(index)) continue;
      this.onDemandShared.set(index, value);
      const entry = this.points.entry(index);
      for (const listener of this.sharedListeners) listener.onDemand(entry, value, now);
    }
  }

  /**
   * Calls `listener` with the signals and on-demand values of the devices this node runs as they move (a node
   * of a cluster shares them); returns what stops it.
   */
  followShared(listener: SharedOutputs): () => void {
    this.sharedListeners.add(listener);
    return () => this.sharedListeners.delete(listener);
  }

  /**
   * A signal set for `deviceId` from outside its behaviour (a protocol agent's); null removes it. In a cluster,
   * only by the node that runs the device, which shares it with the others as the signals its behaviour sets
   * (an agent still closing on a node that gave the device up must not overwrite what the new node shares).
   */
  setAgentSignal(deviceId: string, name: string, value: number | null): void {
    if (!this.owns(deviceId)) return;
    if (value === null) this.signals.delete(name);
    else this.signals.set(name, value);
    if (this.sharedListeners.size === 0) return;
    const now = this.options.clock.now();
    for (const listener of this.sharedListeners) listener.signal(deviceId, name, value ?? Number.NaN, now);
  }

  /** A signal `device` publishes, from the node that runs it (the cluster's change feed); null: none. */
  applySharedSignal(device: string, name: string, value: number | null): void {
    if (this.owns(device)) return;
    if (value === null) this.signals.delete(name);
    else this.signals.set(name, value);
  }

  /** Whether this node runs `deviceId` now (always, unless in a cluster). */
  owns(deviceId: string): boolean {
    return this.owned === null || this.owned.has(deviceId);
  }

  /** A node of a cluster (see RuntimeOptions.clustered). */
  get clustered(): boolean {
    return this.owned !== null;
  }

  /** Calls `listener` when this node takes a device over or releases it (in a cluster); returns what stops it. */
  onOwnership(listener: OwnershipListener): () => void {
    return this.ownershipListeners.add(listener);
  }

  /**
   * In a cluster, this node now holds the lease of `deviceId`: its points' priority arrays and its counters as
   * the store has them (committed by whichever node), then the device runs from its next step. A simulated
   * device's behaviour starts again from `counters` (its state is re-initialised: what is not a counter starts
   * over, as after a restart); its values replace the shared ones at that step. Its open alarms (`openAlarms`,
   * as the store has them) are adopted, then its points checked as they stand.
   */
  takeOver(
    deviceId: string,
    counters: Record<string, number>,
    arrays: ReadonlyMap<string, PriorityArray>,
    openAlarms: readonly Alarm[],
  ): void {
    if (this.owned === null || this.owned.has(deviceId)) return;
    const now = this.options.clock.now();
    for (const entry of this.points.entriesOf(deviceId)) {
      const array = arrays.get(entry.key);
      if (array) this.writes.adopt(entry.key, array);
    }
    this.owned.add(deviceId);
    this.runners.get(deviceId)?.restart(now, counters);
    // Its on-demand values are all shared again from its first step here.
    for (const entry of this.points.entriesOf(deviceId)) this.onDemandShared.delete(entry.index);
    const driver = this.drivers.get(deviceId);
    if (driver) {
      // The real device is read from here on; it gets the commands in force (as after a restart).
      if (this.running) driver.start();
      for (const [key, array] of arrays) if (key.startsWith(`${deviceId}.`)) this.writes.adopt(key, array);
    }
    this.alarms.adopt(deviceId, openAlarms);
    this.ownershipListeners.emit(deviceId, true);
  }

  /** In a cluster, this node no longer runs `deviceId`: from now on its runner is not stepped. */
  release(deviceId: string): void {
    if (!this.owned?.delete(deviceId)) return;
    const driver = this.drivers.get(deviceId);
    if (driver && !this.stopped) {
      // Its connections close now; a connector does not start again, so the next takeover gets a new one.
      const stopping = driver
        .stop()
        .catch((err: unknown) =>
          this.log.warn({ device: deviceId, err: (err as Error).message }, 'driver did not stop cleanly'),
        )
        .finally(() => this.driversStopping.delete(stopping));
      this.driversStopping.add(stopping);
      const device = this.options.site.devices.find((d) => d.id === deviceId) as Device;
      this.drivers.set(deviceId, this.newDriver(device));
    }
    this.ownershipListeners.emit(deviceId, false);
  }

  /** Saves `deviceId`'s counters now (a node of a cluster handing the device over to another). */
  async saveCountersOf(deviceId: string): Promise<void> {
    const runner = this.runners.get(deviceId);
    if (!runner) return;
    const counters = new Map(
      Object.entries(runner.counters()).map(([name, v]) => [`${deviceId}.${name}`, v]),
    );
    await this.options.store.saveCounters(counters);
  }

  /** A value of a device another node runs (the cluster's change feed): into the point store only. */
  applyShared(key: string, value: Value | null, status: PointStatus, ts: number): void {
    const index = this.points.indexOf(key);
    if (index === undefined) return;
    const entry = this.points.entry(index);
    if (this.owns(entry.device.id)) return;
    if (isComputedOnRead(entry) && this.runners.has(entry.device.id)) {
      // Computed when read: read from here on, no change announced (the owner announces none either).
      if (value === null) this.onDemandElsewhere.delete(index);
      else this.onDemandElsewhere.set(index, value);
      return;
    }
    if (value === null) this.points.clear(index, ts);
    else this.points.update(index, value, ts, status);
  }

  /**
   * In a cluster, this node has lost the database: the points of `deviceIds` (those it does not run) that it
   * can tell by itself (Behaviour.cutOff: the car park's Database Status and Cluster Status) show its own view.
   */
  showCutOff(deviceIds: Iterable<string>): void {
    const now = this.options.clock.now();
    for (const id of deviceIds) {
      const runner = this.runners.get(id);
      if (!runner || this.owns(id)) continue;
      for (const [pointId, value] of Object.entries(runner.cutOffValues())) {
        const index = this.points.indexOf(`${id}.${pointId}`);
        if (index !== undefined) this.points.update(index, value, now, 'ok');
      }
    }
  }

  /** A value from outside the behaviours (a real device): into the point store and the sample sinks. */
  publish(index: number, value: Value, ts: number, status: PointStatus = 'ok'): void {
    const entry = this.points.entry(index);
    // A driver stopping after its device went to another node: that node's values are the device's now.
    if (!this.owns(entry.device.id)) return;
    this.points.update(index, value, ts, status);
    for (const sink of this.samples) sink(entry, ts, value);
  }

  /** Devices running now (not paused by System Enable; a real device is never paused). */
  activeDevices(): number {
    let n = this.drivers.size;
    if (!this.systemDisabled()) return n + this.runners.size;
    for (const runner of this.runners.values()) if (!this.paused(runner)) n++;
    return n;
  }

  /** Whether System Enable is off now (every device but the one that holds it paused). */
  private systemDisabled(): boolean {
    return (
      this.enableKey !== null && this.points.value(this.points.indexOf(this.enableKey) as number) === false
    );
  }

  /** While System Enable is off, every device but the one that holds it is paused. */
  private paused(runner: DeviceRunner): boolean {
    if (this.enableKey === null || this.enableKey.startsWith(`${runner.device.id}.`)) return false;
    return this.systemDisabled();
  }

  /** Hands an effect to the handler; its result reaches the device at a later step. */
  private runEffect(runner: DeviceRunner, effect: Effect, at: number): void {
    const { clock } = this.options;
    const handler = this.options.effects ?? noEffects;
    const deliver = (result: Omit<EffectResult, 'at'>) => {
      runner.deliver({ ...result, at: clock.now() });
      this.log.info(
        { device: runner.device.id, effect: effect.kind, ok: result.ok, message: result.message },
        'effect',
      );
    };
    try {
      const answer = handler.run(runner.device, effect, at);
      if (answer instanceof Promise) {
        answer.then(deliver, (err: unknown) =>
          deliver({ kind: effect.kind, ok: false, message: (err as Error).message }),
        );
      } else {
        deliver(answer);
      }
    } catch (err) {
      deliver({ kind: effect.kind, ok: false, message: (err as Error).message });
    }
  }

  /** Calls `listener` with every device event as it happens; returns what stops it. */
  followEvents(listener: EventSink): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /**
   * Hands a simulated device a protocol agent's request (docs/behaviour.md, "Requests"): it reaches the
   * behaviour at its next step. Returns why it cannot, or null.
   */
  request(deviceId: string, request: DeviceRequest): string | null {
    const runner = this.runners.get(deviceId);
    if (!runner) return `no simulated device ${deviceId}`;
    // In a cluster, on the node running the device (the request is handed on; a failure is logged there).
    if (this.owns(deviceId)) runner.request(request);
    else this.forward(deviceId, REQUEST_CALL, request);
    return null;
  }

  /**
   * Starts (or with `active` false, clears) a fault on a device; the behaviour sees it from its next step.
   * Returns why it cannot, or null.
   */
  setFault(deviceId: string, fault: string, active: boolean, by: string): string | null {
    if (this.drivers.has(deviceId))
      return `${deviceId} reads a real device: faults are injected into simulated devices only`;
    const runner = this.runners.get(deviceId);
    if (!runner) return `no device ${deviceId}`;
    // A fault the site file scripts is set on every node (whichever runs the device then has it); one asked for
    // by a person only on the node running the device, where it has an effect.
    if (by !== SITE_FILE && !this.owns(deviceId))
      return `${deviceId} runs on another node of the cluster: inject its faults there`;
    const known = runner.behaviour.faults;
    if (!known.includes(fault)) {
      return `${deviceId} has no fault '${fault}' (${known.length > 0 ? `its faults: ${known.join(', ')}` : 'it models none'})`;
    }
    if (active === runner.faults.has(fault)) return null;
    if (active) runner.faults.add(fault);
    else runner.faults.delete(fault);
    const now = this.options.clock.now();
    const event = {
      kind: active ? 'fault' : 'fault-cleared',
      point: null,
      message: `${fault} ${active ? 'injected' : 'cleared'} by ${by}`,
      data: { fault },
    };
    this.log.info({ device: deviceId, fault, active, by }, 'fault');
    if (!this.owns(deviceId)) return null; // its events are the running node's
    this.pendingEvents.push(toSiteEvent(runner.device, now, event));
    for (const sink of this.options.eventSinks ?? []) sink(runner.device, now, event);
    for (const listener of this.eventListeners) listener(runner.device, now, event);
    return null;
  }

  /** Writes counters, events and buffered history to the store. */
  async persist(): Promise<void> {
    const { store } = this.options;
    const events = this.pendingEvents;
    this.pendingEvents = [];
    const counters = new Map<string, number>();
    for (const [id, runner] of this.runners) {
      if (!this.owns(id)) continue; // another node saves the counters of a device it runs
      for (const [name, value] of Object.entries(runner.counters())) counters.set(`${id}.${name}`, value);
    }
    try {
      if (events.length > 0) await store.appendEvents(events);
      await store.saveCounters(counters);
      if (this.options.recordHistory) await store.history.flush();
    } catch (err) {
      this.log.error({ err }, 'could not save to the store');
      throw err;
    }
  }

  /**
   * Stops the devices and saves everything; the store stays open (its owner closes it). Writes are refused
   * from the first moment ('stopping'); the ones already taken are committed and answered first.
   */
  async stop(): Promise<void> {
    this.writes.close();
    await this.writes.answered();
    this.running = false;
    this.stopped = true;
    for (const timer of this.timers.values()) timer.cancel();
    this.timers.clear();
    await Promise.all([...this.drivers.values()].map((d) => d.stop()));
    await Promise.all(this.driversStopping);
    this.writes.stop();
    this.alarms.stop();
    await this.alarms.settled();
    await this.persist();
  }
}

/** A `Sur demande` point: computed when read, never announced as a change. */
const isComputedOnRead = (entry: PointEntry): boolean => entry.point.update === 'onDemand';

function toSiteEvent(device: Device, t: number, event: BehaviourEvent): SiteEvent {
  return {
    ts: t,
    device: device.id,
    point: event.point,
    kind: event.kind,
    message: event.message,
    data: event.data ?? null,
  };
}
