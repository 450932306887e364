// The plain JSON publisher: every point retained on `<prefix>/<site>/<device>/<point>` (json-payload.ts) at the
// start and on each change (the default change-of-value increments, as the other protocols'), commands taken on
// `…/<point>/set` through the one write path and answered on `…/<point>/set/result`, and Pointyard's
// availability on `<prefix>/<site>/status` (status-connection.ts).
//
// Through an external broker the link keeps what it cannot send in its disk backlog, so every point is
// published once at the start and then only its changes. Without a backlog (the embedded broker) what cannot be
// sent is lost, so every point is published again at each session, and changes between sessions are not sent.

import type {
  Point,
  PointStatus,
  Services,
  Value,
  WriteRequest,
  WriteResult,
} from '../../../runtime/services/services.js';
import type { CommandSender } from '../commands.js';
import type { MqttLink } from '../link/link.js';
import type { Publisher, PublisherContext, PublisherFactory } from '../publisher.js';
import { parseCommand } from './json-command.js';
import { pointPayload, unitPart } from './json-payload.js';
import { resultPayload } from './json-result.js';
import { JsonTopics } from './json-topics.js';
import { StatusConnection } from './status-connection.js';

/** Points published in one turn of the event loop when every point is published: acknowledgements come between. */
const SNAPSHOT_CHUNK = 1000;
/** When the link is full: how long to wait for acknowledgements, and how many times before giving up. */
const SNAPSHOT_WAIT_MS = 20;
const MAX_SNAPSHOT_WAITS = 3000;

export class JsonPublisher implements Publisher {
  readonly topics: JsonTopics;
  private readonly services: Services;
  private readonly link: MqttLink;
  private readonly qos: 0 | 1;
  /** Each point's topic and the constant middle of its payload, by index. */
  private readonly pointTopics: string[] = [];
  private readonly unitParts: string[] = [];
  private readonly buffered: boolean;
  private readonly stopFollowing: () => void;
  private readonly availability: StatusConnection;
  private readonly log: PublisherContext['log'];
  private closed = false;
  /** Counts snapshots: a newer one stops an older one under way. */
  private snapshots = 0;
  private published = 0;
  private commandsTaken = 0;
  private commandsRefused = 0;

  constructor(context: PublisherContext, json: { prefix: string; qos: 0 | 1 }) {
    const { services, link, commands, settings, log } = context;
    this.services = services;
    this.link = link;
    this.log = log;
    this.qos = json.qos;
    this.topics = new JsonTopics(json.prefix, services.site.site.id);
    const parts = new Map<Point, string>();
    for (let i = 0; i < services.points.size; i++) {
      const { device, point } = services.points.entry(i);
      this.pointTopics.push(this.topics.point(device.id, point.id));
      let part = parts.get(point);
      if (part === undefined) {
        part = unitPart(point);
        parts.set(point, part);
      }
      this.unitParts.push(part);
    }
    this.buffered = link.status().backlog !== null;
    const feed = services.points.subscribe((index, change) => {
      // null: only the level in force changed, which the payload does not carry.
      if (change === null || (!this.buffered && !link.connected)) return;
      this.publishPoint(index, change.value, change.status, change.ts);
    });
    const offSession = this.buffered ? () => {} : link.onSession(() => void this.publishAll());
    this.stopFollowing = () => {
      feed.close();
      offSession();
    };
    commands.on(this.topics.setFilter, (topic, payload, sender) => {
      void this.command(topic, payload, sender).catch((err: Error) =>
        log.error({ err, topic }, 'MQTT JSON command failed'),
      );
    });
    this.availability = new StatusConnection({
      connection: context.connection,
      settings,
      topic: this.topics.status,
    });
    if (this.buffered) void this.publishAll();
  }

  private publishPoint(index: number, value: Value, status: PointStatus, ts: number): void {
    const shown = this.services.points.hasValue(index) ? value : null;
    this.published++;
    this.link.publish({
      topic: this.pointTopics[index] as string,
      payload: Buffer.from(pointPayload(this.unitParts[index] as string, shown, ts, status)),
      qos: this.qos,
      retain: true,
    });
  }

  /**
   * Publishes every point as it is now, a chunk per turn. Without a backlog the link drops what it cannot
   * hold (QoS 1 messages awaiting their acknowledgement past its bound): a chunk is published in one go, so
   * what was dropped is its tail, published again once acknowledgements made room.
   */
  private async publishAll(): Promise<void> {
    const snapshot = ++this.snapshots;
    const { points } = this.services;
    let next = 0;
    let waits = 0;
    while (next < points.size) {
      if (this.closed || snapshot !== this.snapshots || (!this.buffered && !this.link.connected)) return;
      const end = Math.min(points.size, next + SNAPSHOT_CHUNK);
      const dropped = this.link.status().dropped;
      for (let i = next; i < end; i++) {
        const state = points.read(i);
        this.publishPoint(i, state.value, state.status, state.ts);
      }
      const lost = this.link.status().dropped - dropped;
      this.published -= lost;
      next = end - lost;
      if (lost === 0) {
        waits = 0;
        await new Promise((resolve) => setImmediate(resolve));
      } else if (++waits > MAX_SNAPSHOT_WAITS) {
        this.log.warn(
          { published: next, points: points.size },
          'MQTT JSON: the broker does not acknowledge; every point is published again at the next session',
        );
        return;
      } else await new Promise((resolve) => setTimeout(resolve, SNAPSHOT_WAIT_MS));
    }
  }

  private async command(topic: string, payload: Buffer, sender: CommandSender): Promise<void> {
    if (this.closed) return;
    const key = this.topics.keyOfSet(topic);
    if (key === null) return;
    this.commandsTaken++;
    const parsed = parseCommand(payload);
    const request: WriteRequest = {
      key,
      value: parsed.ok ? parsed.value : null,
      ...(parsed.ok && parsed.level !== undefined ? { level: parsed.level } : {}),
      ...(parsed.ok && parsed.durationMs !== undefined ? { durationMs: parsed.durationMs } : {}),
      who: sender.who,
      role: sender.role,
      via: 'mqtt',
      remote: sender.remote,
    };
    const { writes, points } = this.services;
    let result: WriteResult;
    if (points.indexOf(key) === undefined)
      result = await writes.refuse(request, {
        code: 'unknown-point',
        message: `${key} is not a point of this site: publish to ${this.topics.base}/<device>/<point>/set`,
      });
    else if (!parsed.ok) result = await writes.refuse(request, parsed);
    else result = await writes.write(request);
    if (!result.ok) this.commandsRefused++;
    this.link.publish({
      topic: `${topic}/result`,
      payload: Buffer.from(resultPayload(result)),
      qos: 1,
      retain: false,
    });
  }

  resync(): void {
    void this.publishAll();
  }

  status(): Record<string, unknown> {
    return {
      kind: 'json',
      topics: `${this.topics.base}/#`,
      published: this.published,
      commands: { taken: this.commandsTaken, refused: this.commandsRefused },
      availability: this.availability.status(),
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopFollowing();
    await this.availability.close();
  }
}

/** Starts the JSON publisher unless `server.mqtt.json` is off. */
export const jsonPublisher: PublisherFactory = (context) =>
  context.settings.json ? new JsonPublisher(context, context.settings.json) : null;
