// COV subscriptions (SubscribeCOV clause 13.14, SubscribeCOVProperty clause 13.15): who is told of which
// object's changes, each with its own COV increment, until its lifetime runs out on the site's clock.
//
// A subscription is known by its subscriber (address), process identifier, device, object and, for
// SubscribeCOVProperty, property: subscribing again replaces it. Each subscription is notified (Present_Value
// or the property subscribed to, and Status_Flags) when subscribed and then on every change its increment
// lets through. Changes come from the points service's change feed, whose filter keeps one increment per
// point: subscriptions are spread over "layers", each one feed holding at most one subscription per point.
// The clock here has no timers: lifetimes are compared with its time on every change, every subscribe and
// every `sweep`, which is cheap until the earliest expiry is due.
import { type ChangeSubscription, defaultIncrement, type Services } from '../../runtime/services/services.js';
import type { BacnetDevice, BacnetOutbound, BacnetPeer } from './application.js';
import {
  ConfirmedService,
  ErrorClass,
  ErrorCode,
  encodeCovNotification,
  objectIdToNumber,
  PropertyId,
  UnconfirmedService,
} from './codec/index.js';
import type { DeviceObjects, PointObject } from './objects/device-objects.js';
import type { PropertyError } from './objects/property-content.js';
import { readContext } from './objects/read-context.js';
import { propertiesOf, readPropertyValue } from './objects/read-property-value.js';

/** BACnetErrorCode no-space-to-add-list-element (the codec's table stops short of it). */
const NO_SPACE_TO_ADD_LIST_ELEMENT = 19;

export interface CovLimits {
  /** Subscriptions one device takes. */
  perDevice: number;
  /** Subscriptions the whole site takes. */
  total: number;
}

export const DEFAULT_COV_LIMITS: CovLimits = { perDevice: 1000, total: 10_000 };

/** A subscription asked for, as the handler passes it on. */
export interface CovRequest {
  processId: number;
  object: PointObject;
  confirmed: boolean;
  /** Seconds; undefined or 0: indefinite. */
  lifetime: number | undefined;
  /** SubscribeCOVProperty: the property monitored and the client's increment; null for SubscribeCOV. */
  property: { id: number; increment: number | undefined } | null;
}

interface Subscription {
  readonly id: string;
  readonly device: DeviceObjects;
  readonly peer: BacnetPeer;
  readonly processId: number;
  readonly object: PointObject;
  readonly confirmed: boolean;
  /** Epoch ms on the site's clock, or null for an indefinite subscription. */
  readonly expiresAt: number | null;
  /** The property monitored (Present_Value for SubscribeCOV). */
  readonly property: number;
  readonly increment: number;
  layer: Layer | null;
}

/** One change feed: at most one subscription per point. */
interface Layer {
  readonly feed: ChangeSubscription;
  readonly byIndex: Map<number, Subscription>;
  /** Points that had a subscription here: their filter reference is someone else's, so none goes here again. */
  readonly used: Set<number>;
}

type CovServices = Pick<Services, 'site' | 'clock' | 'points' | 'writes' | 'alarms'>;

function peerKey(peer: BacnetPeer): string {
  const routed = peer.routedFrom
    ? `/${peer.routedFrom.network}:${Buffer.from(peer.routedFrom.mac).toString('hex')}`
    : '';
  return `${peer.address}${routed}`;
}

/** What tells subscriptions apart: subscriber, process, device and object, and the property of SubscribeCOVProperty. */
function subscriptionId(
  device: DeviceObjects,
  peer: BacnetPeer,
  processId: number,
  object: PointObject,
  property: number | null,
): string {
  return `${peerKey(peer)}|${processId}|${device.bacnet.instance}|${objectIdToNumber(object.id)}|${property ?? ''}`;
}

export class CovSubscriptions {
  private readonly subs = new Map<string, Subscription>();
  private readonly perDevice = new Map<string, number>();
  private readonly layers: Layer[] = [];
  /** Earliest expiry of any subscription (epoch ms), or null: nothing to sweep before then. */
  private nextExpiry: number | null = null;

  constructor(
    private readonly services: CovServices,
    private readonly outbound: BacnetOutbound,
    private readonly limits: CovLimits = DEFAULT_COV_LIMITS,
  ) {}

  /** How many subscriptions are in force (after a sweep). */
  get size(): number {
    this.sweep();
    return this.subs.size;
  }

  /** Adds or replaces a subscription, then sends its first notification; or the error that refuses it. */
  subscribe(device: DeviceObjects, peer: BacnetPeer, request: CovRequest): PropertyError | null {
    this.sweep();
    const { object } = request;
    const property = request.property?.id ?? PropertyId.PRESENT_VALUE;
    if (property !== PropertyId.PRESENT_VALUE && property !== PropertyId.STATUS_FLAGS) {
      const known = propertiesOf(device, object.id, readContext(this.services))?.some(
        (p) => p.id === property,
      );
      return {
        errorClass: ErrorClass.PROPERTY,
        errorCode: known ? ErrorCode.NOT_COV_PROPERTY : ErrorCode.UNKNOWN_PROPERTY,
        why: `property ${property} of ${object.name} is not one COV reports`,
      };
    }
    const id = subscriptionId(device, peer, request.processId, object, request.property ? property : null);
    const replaced = this.subs.get(id);
    if (!replaced) {
      const count = this.perDevice.get(device.device.id) ?? 0;
      const full =
        count >= this.limits.perDevice
          ? `${device.device.name} has ${count} COV subscriptions, the most it takes`
          : this.subs.size >= this.limits.total
            ? `the site has ${this.subs.size} COV subscriptions, the most it takes`
            : null;
      if (full)
        return { errorClass: ErrorClass.RESOURCES, errorCode: NO_SPACE_TO_ADD_LIST_ELEMENT, why: full };
    } else this.remove(replaced);
    // SubscribeCOV: the object's COV_Increment (analog objects), any change for the others. Status_Flags alone:
    // a number's moves are not its business (the filter still passes every change of status).
    const increment =
      property === PropertyId.STATUS_FLAGS
        ? Number.POSITIVE_INFINITY
        : (request.property?.increment ?? defaultIncrement(object.point));
    const lifetime = request.lifetime ?? 0;
    const sub: Subscription = {
      id,
      device,
      peer,
      processId: request.processId,
      object,
      confirmed: request.confirmed,
      expiresAt: lifetime > 0 ? this.services.clock.now() + lifetime * 1000 : null,
      property,
      increment: Number.isNaN(increment) ? 0 : Math.max(0, increment),
      layer: null,
    };
    this.add(sub);
    // After the SimpleACK has gone out (the network side sends it when the answer resolves).
    setImmediate(() => {
      if (this.subs.get(id) === sub) this.notify(sub);
    });
    return null;
  }

  /** Ends a subscription; ending one that does not exist is not an error (clause 13.14.1.1.3). */
  cancel(
    device: DeviceObjects,
    peer: BacnetPeer,
    processId: number,
    object: PointObject,
    property: number | null,
  ): void {
    const id = subscriptionId(device, peer, processId, object, property);
    const sub = this.subs.get(id);
    if (sub) this.remove(sub);
  }

  /** Ends the subscriptions whose lifetime has run out; cheap until the earliest is due. */
  sweep(): void {
    const now = this.services.clock.now();
    if (this.nextExpiry === null || now < this.nextExpiry) return;
    let next: number | null = null;
    for (const sub of [...this.subs.values()]) {
      if (sub.expiresAt === null) continue;
      if (sub.expiresAt <= now) this.remove(sub);
      else if (next === null || sub.expiresAt < next) next = sub.expiresAt;
    }
    this.nextExpiry = next;
  }

  /** Ends every subscription and closes every feed. */
  close(): void {
    for (const layer of this.layers) layer.feed.close();
    this.layers.length = 0;
    this.subs.clear();
    this.perDevice.clear();
    this.nextExpiry = null;
  }

  private add(sub: Subscription): void {
    const index = sub.object.index;
    let layer = this.layers.find((l) => !l.used.has(index));
    if (!layer) {
      const byIndex = new Map<number, Subscription>();
      const feed = this.services.points.subscribe(
        (i, change) => {
          if (change === null) return;
          const found = byIndex.get(i);
          if (found) this.changed(found);
        },
        { increment: () => 0 },
      );
      layer = { feed, byIndex, used: new Set() };
      this.layers.push(layer);
    }
    layer.byIndex.set(index, sub);
    layer.used.add(index);
    layer.feed.setIncrement(index, sub.increment);
    sub.layer = layer;
    this.subs.set(sub.id, sub);
    const deviceId = sub.device.device.id;
    this.perDevice.set(deviceId, (this.perDevice.get(deviceId) ?? 0) + 1);
    if (sub.expiresAt !== null && (this.nextExpiry === null || sub.expiresAt < this.nextExpiry))
      this.nextExpiry = sub.expiresAt;
  }

  private remove(sub: Subscription): void {
    this.subs.delete(sub.id);
    const deviceId = sub.device.device.id;
    this.perDevice.set(deviceId, (this.perDevice.get(deviceId) ?? 1) - 1);
    const layer = sub.layer;
    sub.layer = null;
    if (!layer) return;
    layer.byIndex.delete(sub.object.index);
    if (layer.byIndex.size === 0) {
      layer.feed.close();
      this.layers.splice(this.layers.indexOf(layer), 1);
    }
  }

  private changed(sub: Subscription): void {
    this.sweep();
    if (this.subs.get(sub.id) !== sub) return;
    this.notify(sub);
  }

  /** Sends the subscription its notification: the property monitored and Status_Flags, time remaining. */
  private notify(sub: Subscription): void {
    const defs = propertiesOf(sub.device, sub.object.id, readContext(this.services)) ?? [];
    const properties = new Set([sub.property, PropertyId.STATUS_FLAGS]);
    const values = [...properties].flatMap((property) => {
      const read = readPropertyValue(defs, { property });
      return read.ok ? [{ property, value: read.value }] : [];
    });
    const now = this.services.clock.now();
    const timeRemaining = sub.expiresAt === null ? 0 : Math.max(1, Math.ceil((sub.expiresAt - now) / 1000));
    const body = encodeCovNotification({
      processId: sub.processId,
      device: sub.device.id,
      object: sub.object.id,
      timeRemaining,
      values,
    });
    const from: BacnetDevice = sub.device.bacnet;
    if (sub.confirmed) {
      // A subscriber that does not acknowledge keeps its subscription (the standard leaves that to the device).
      this.outbound
        .confirmed(from, sub.peer, ConfirmedService.CONFIRMED_COV_NOTIFICATION, body)
        .catch(() => false);
    } else
      this.outbound.unconfirmed(from, sub.peer, {
        service: UnconfirmedService.UNCONFIRMED_COV_NOTIFICATION,
        body,
      });
  }
}
