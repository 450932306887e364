// COV in gateway mode: the connector framework's push part (src/connectors/protocol.ts) for a BACnet device.
// Each point with a value is subscribed to with SubscribeCOV, asking for confirmed notifications with a
// lifetime of COV_LIFETIME_S (the framework renews at half of it). Confirmed, because the framework then
// polls covered points only once a minute: a device resends a notification until it is acknowledged, so
// one lost datagram does not leave a wrong value for that long (the cost: one SimpleACK per change).
// Notifications reach the client socket (bacnet-client.ts), which hands them here by subscriber process,
// device and object; Present_Value becomes the point's value, Status_Flags FAULT makes it null. A device
// that refuses the service (a Reject, or an Error of class SERVICES) is asked no more; a refusal for one
// object (OPTIONAL_FUNCTIONALITY_NOT_SUPPORTED…) leaves that point polled.

import type { ConnectorPush, PushDelivery, SubscribeAnswer } from '../../../connectors/protocol.js';
import type { Point } from '../../../points/model.js';
import {
  ConfirmedService,
  type CovNotification,
  ErrorClass,
  encodeSubscribeCov,
  PropertyId,
} from '../codec/index.js';
import type { BacnetSource } from '../device-source.js';
import type { BacnetClient } from './bacnet-client.js';
import type { DeviceRoute } from './device-route.js';
import { objectOf } from './read-plan.js';
import { faultFlagged, pointValueOf } from './wire-value.js';

/** Lifetime of a subscription asked for, s. */
export const COV_LIFETIME_S = 300;
/** A batch whose points are all subscribed to is still read this often, ms. */
export const COVERED_POLL_MS = 60_000;

/** Subscriber process identifiers, one per gateway device (so that two never mix their notifications). */
let nextProcessId = 1;

export class BacnetCov implements ConnectorPush<BacnetClient> {
  readonly lifetimeMs = COV_LIFETIME_S * 1000;
  readonly coveredPollMs = COVERED_POLL_MS;
  readonly points: string[];
  readonly processId = nextProcessId++;
  /** Why the device takes no SubscribeCOV at all, once it said so. */
  private refusedService: string | null = null;
  /** Stops listening to each point's notifications on the client they were subscribed on. */
  private readonly unlisten = new Map<string, () => void>();

  constructor(
    private readonly pointOf: ReadonlyMap<string, Point>,
    private readonly source: BacnetSource,
    private readonly route: DeviceRoute,
  ) {
    this.points = [...pointOf.values()].filter((p) => p.type !== 'action').map((p) => p.id);
  }

  async subscribe(client: BacnetClient, pointId: string, deliver: PushDelivery): Promise<SubscribeAnswer> {
    if (this.refusedService !== null) return { ok: false, why: this.refusedService };
    const point = this.pointOf.get(pointId) as Point;
    const object = objectOf(point);
    // Listening first: the device may notify at once after its SimpleACK.
    this.unlisten.get(pointId)?.();
    const stop = client.listenCov(this.processId, this.source.instance, object, (n) =>
      this.notified(point, n, deliver),
    );
    this.unlisten.set(pointId, stop);
    const body = encodeSubscribeCov({
      processId: this.processId,
      object,
      cancel: false,
      confirmed: true,
      lifetime: COV_LIFETIME_S,
    });
    const answer = await client.request(ConfirmedService.SUBSCRIBE_COV, body, await this.route.of(client));
    if (answer.kind === 'simple-ack') return { ok: true };
    stop();
    this.unlisten.delete(pointId);
    if (answer.kind === 'complex-ack') return { ok: false, why: 'a ComplexACK to SubscribeCOV' };
    if (answer.rejected !== undefined || answer.errorClass === ErrorClass.SERVICES)
      this.refusedService = answer.why;
    return { ok: false, why: answer.why };
  }

  async cancel(client: BacnetClient, pointId: string): Promise<void> {
    this.unlisten.get(pointId)?.();
    this.unlisten.delete(pointId);
    const object = objectOf(this.pointOf.get(pointId) as Point);
    const body = encodeSubscribeCov({ processId: this.processId, object, cancel: true });
    await client.request(ConfirmedService.SUBSCRIBE_COV, body, await this.route.of(client));
  }

  /** A notification's Present_Value as the point's value; null when Status_Flags say FAULT. */
  private notified(point: Point, n: CovNotification, deliver: PushDelivery): void {
    const entry = (property: number) => n.values.find((v) => v.property === property);
    const flags = entry(PropertyId.STATUS_FLAGS);
    const pv = entry(PropertyId.PRESENT_VALUE);
    if (flags && faultFlagged(flags.value)) deliver(null);
    else if (pv) deliver(pointValueOf(point, pv.value, this.source.tz));
  }
}
