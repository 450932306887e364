// Pointyard as a Sparkplug B 3.0 edge node (docs/mqtt-sparkplug.md): group = `sparkplug.group`, edge node =
// `sparkplug.node`, one device per site device. At each session: NBIRTH (seq 0, the session's bdSeq) then a
// DBIRTH per device that is up; then DDATA on change, by alias, one message per device per event-loop turn;
// DDEATH when a device goes down (its connector down or disabled) and DBIRTH when it is back; the NDEATH is
// the session's will and is also published on a clean stop. With a primary host configured, births and DATA
// wait until its STATE says it is online.

import type { TimerHandle } from '../../../core/clock.js';
import type { ChangeSubscription, Services } from '../../../runtime/services/services.js';
import type { Outgoing } from '../link/outgoing.js';
import type { Publisher, PublisherContext } from '../publisher.js';
import { BdSeq } from './bd-seq.js';
import { deviceBirth, deviceDeath, nodeBirth, nodeDeath } from './births.js';
import { MetricCatalog } from './catalog.js';
import { type CommandTarget, onDeviceCommand, onNodeCommand } from './commands.js';
import { type DataMetric, encodeData } from './data-encoder.js';
import { PrimaryHost } from './primary-host.js';
import { Sequencer } from './sequencer.js';
import { SparkplugTopics } from './topics.js';

/** How often the devices' connectors are looked at for DDEATH / DBIRTH (site clock, ms). */
const DEVICE_CHECK_MS = 1000;

export class EdgeNode implements Publisher, CommandTarget {
  readonly services: Services;
  readonly catalog: MetricCatalog;
  readonly log: PublisherContext['log'];
  private readonly topics: SparkplugTopics;
  private readonly bdSeq: BdSeq;
  private readonly sequencer = new Sequencer();
  private readonly host: PrimaryHost | null;
  /** Births of this session have gone out (and the primary host, if any, is online): DATA may flow. */
  private born = false;
  /** By device position: 1 while it is up (its DBIRTH stands). */
  private readonly up: Uint8Array;
  /** Changed points waiting for the end of the turn, by device position. */
  private readonly changed = new Map<number, number[]>();
  private readonly isChanged: Uint8Array;
  private flushing: NodeJS.Immediate | null = null;
  private readonly feed: ChangeSubscription;
  private checkTimer: TimerHandle | null = null;
  private readonly offSession: () => void;
  private readonly offLost: () => void;
  private closed = false;
  private births = 0;
  private dataMessages = 0;
  private metricsPublished = 0;

  constructor(private readonly context: PublisherContext) {
    const sparkplug = context.settings.sparkplug;
    if (!sparkplug) throw new Error('Sparkplug is off');
    this.services = context.services;
    this.log = context.log;
    this.catalog = new MetricCatalog(this.services.points);
    this.topics = new SparkplugTopics(sparkplug.group, sparkplug.node);
    this.bdSeq = BdSeq.open(context.stateDir);
    this.up = new Uint8Array(this.catalog.devices.length);
    for (let d = 0; d < this.up.length; d++) this.up[d] = this.deviceIsUp(d) ? 1 : 0;
    this.isChanged = new Uint8Array(this.services.points.size);
    const { link, commands } = context;
    this.host = sparkplug.primaryHost
      ? new PrimaryHost(sparkplug.primaryHost, link, this.log, (online) => {
          if (online) this.rebirth();
          else this.born = false;
        })
      : null;
    commands.on(this.topics.ofNode('NCMD'), (topic, payload) => onNodeCommand(this, topic, payload));
    commands.on(this.topics.deviceCommands, (topic, payload, sender) =>
      onDeviceCommand(this, topic, payload, sender),
    );
    this.offSession = link.onSession(() => {
      this.born = false;
      this.host?.sessionStarted();
      if (!this.host) this.publishBirths();
    });
    this.offLost = link.onLost(() => {
      this.born = false;
    });
    this.feed = this.services.points.subscribe((index) => this.changedPoint(index));
    this.scheduleDeviceCheck();
  }

  // --- Publisher

  will(): Outgoing {
    const bdSeq = this.bdSeq.next();
    return {
      topic: this.topics.ofNode('NDEATH'),
      payload: nodeDeath(bdSeq, this.services.clock.now()),
      qos: 1,
      retain: false,
    };
  }

  finalize(message: Outgoing, replayed: boolean): Outgoing {
    return this.sequencer.finalize(message, replayed);
  }

  resync(): void {
    this.rebirth();
  }

  status(): Record<string, unknown> {
    return {
      kind: 'sparkplug',
      topics: this.topics.all,
      group: this.topics.group,
      node: this.topics.node,
      bdSeq: this.bdSeq.current,
      seq: this.sequencer.next,
      born: this.born,
      births: this.births,
      messages: this.sequencer.numbered,
      dataMessages: this.dataMessages,
      metrics: this.metricsPublished,
      devicesDown: this.catalog.devices.filter((_, d) => this.up[d] === 0).map((d) => d.id),
      primaryHost: this.host?.status() ?? null,
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.feed.close();
    this.flush();
    this.closed = true;
    this.checkTimer?.cancel();
    this.offSession();
    this.offLost();
    const { link } = this.context;
    // A clean stop says so: the NDEATH of this session, then the link disconnects without its will.
    if (link.connected)
      link.publishNow({
        topic: this.topics.ofNode('NDEATH'),
        payload: nodeDeath(this.bdSeq.current, this.services.clock.now()),
        qos: 1,
        retain: false,
      });
  }

  // --- CommandTarget

  rebirth(): void {
    if (this.closed || !this.context.link.connected) return;
    if (this.host && !this.host.online) return;
    this.publishBirths();
  }

  republish(index: number): void {
    this.changedPoint(index);
  }

  // --- births and deaths

  private publishBirths(): void {
    const { link } = this.context;
    const now = this.services.clock.now();
    const sent = link.publishNow(
      this.sparkplug('NBIRTH', null, nodeBirth(this.services.site, this.catalog, this.bdSeq.current, now)),
    );
    if (!sent) return;
    for (let d = 0; d < this.catalog.devices.length; d++) {
      this.up[d] = this.deviceIsUp(d) ? 1 : 0;
      if (this.up[d]) link.publishNow(this.sparkplug('DBIRTH', d, this.deviceBirthPayload(d, now)));
    }
    this.births++;
    this.born = true;
  }

  private deviceBirthPayload(d: number, now: number): Buffer {
    const id = (this.catalog.devices[d] as { id: string }).id;
    return deviceBirth(this.services.points, this.catalog, id, now);
  }

  private sparkplug(
    type: 'NBIRTH' | 'DBIRTH' | 'DDEATH' | 'DDATA',
    d: number | null,
    payload: Buffer,
  ): Outgoing {
    const topic =
      type === 'NBIRTH'
        ? this.topics.ofNode('NBIRTH')
        : this.topics.device(type, (this.catalog.devices[d as number] as { id: string }).id);
    return { topic, payload, qos: 0, retain: false, kind: 'sparkplug' };
  }

  private deviceIsUp(d: number): boolean {
    const id = (this.catalog.devices[d] as { id: string }).id;
    const status = this.services.devices.connectorStatus(id);
    return status !== 'down' && status !== 'disabled';
  }

  /** DDEATH for each device gone down since the last look, DBIRTH for each one back. */
  private checkDevices(): void {
    for (let d = 0; d < this.up.length; d++) this.refreshDevice(d);
  }

  /**
   * Looks at a device's connector: DDEATH when it has gone down, DBIRTH (its current values) when it is back.
   * Returns true when it changed (its births or death tell what DATA would).
   */
  private refreshDevice(d: number): boolean {
    const up = this.deviceIsUp(d);
    if (up === (this.up[d] === 1)) return false;
    this.up[d] = up ? 1 : 0;
    if (!this.born) return true; // the next births tell
    const now = this.services.clock.now();
    this.context.link.publish(
      up
        ? this.sparkplug('DBIRTH', d, this.deviceBirthPayload(d, now))
        : this.sparkplug('DDEATH', d, deviceDeath(now)),
    );
    return true;
  }

  private scheduleDeviceCheck(): void {
    const { clock } = this.services;
    this.checkTimer = clock.at(clock.now() + DEVICE_CHECK_MS, () => {
      if (this.closed) return;
      this.checkDevices();
      this.scheduleDeviceCheck();
    });
  }

  // --- data

  private changedPoint(index: number): void {
    if (this.isChanged[index] === 1) return;
    this.isChanged[index] = 1;
    const d = this.catalog.deviceOf[index] as number;
    const list = this.changed.get(d);
    if (list) list.push(index);
    else this.changed.set(d, [index]);
    this.flushing ??= setImmediate(() => this.flush());
  }

  /** One DDATA per device with the points changed this turn (while DATA may flow; births tell the rest). */
  private flush(): void {
    if (this.flushing) clearImmediate(this.flushing);
    this.flushing = null;
    if (this.changed.size === 0) return;
    const { link } = this.context;
    // Connected: only after the births. Not connected: into the backlog, replayed as historical.
    const flowing = !this.closed && (this.born || !link.connected);
    const { points } = this.services;
    const now = this.services.clock.now();
    for (const [d, indices] of this.changed) {
      for (const i of indices) this.isChanged[i] = 0;
      // A connector going down marks its points down: the DDEATH goes out then, not a DDATA of them.
      if (!flowing || this.refreshDevice(d) || this.up[d] === 0) continue;
      const metrics: DataMetric[] = new Array(indices.length);
      for (let k = 0; k < indices.length; k++) {
        const i = indices[k] as number;
        const state = points.read(i);
        metrics[k] = {
          alias: this.catalog.alias[i] as number,
          timestamp: state.ts,
          type: this.catalog.dataType(i),
          value: points.hasValue(i) ? state.value : null,
        };
      }
      link.publish(this.sparkplug('DDATA', d, encodeData(now, metrics)));
      this.dataMessages++;
      this.metricsPublished += metrics.length;
    }
    this.changed.clear();
  }
}

/** The Sparkplug publisher, or null when `sparkplug` is off. */
export function sparkplugPublisher(context: PublisherContext): Publisher | null {
  return context.settings.sparkplug ? new EdgeNode(context) : null;
}
