// The BACnet side of gateway mode, as the connector framework calls it: a device's points read with
// ReadPropertyMultiple of Present_Value and Status_Flags (read-plan.ts; ReadProperty point by point for a
// device that rejects ReadPropertyMultiple), a command point written with
// WriteProperty of Present_Value at the source's priority and read back with ReadProperty, a momentary action
// written ACTIVE; with `cov` (the default) the points are subscribed to with SubscribeCOV (bacnet-cov.ts).
// The framework owns the link, the status, the polling, the write queue and when to subscribe.

import type { BatchRead, ConnectorProtocol, WriteAnswer } from '../../../connectors/protocol.js';
import type { Value } from '../../../core/value.js';
import type { Point } from '../../../points/model.js';
import type { Device } from '../../../site/model.js';
import { bacnetAddressOf } from '../bacnet-address.js';
import {
  BinaryPV,
  ConfirmedService,
  decodeReadPropertyAck,
  decodeReadPropertyMultipleAck,
  encodePropertyValue,
  encodeReadProperty,
  encodeReadPropertyMultiple,
  encodeWriteProperty,
  PropertyId,
  RejectReason,
} from '../codec/index.js';
import type { BacnetSource } from '../device-source.js';
import { BacnetClient } from './bacnet-client.js';
import { BacnetCov } from './bacnet-cov.js';
import { DeviceRoute } from './device-route.js';
import { describeBatch, objectOf, type ReadBatch, readPlan } from './read-plan.js';
import { carriedValue, faultFlagged, pointValueOf, wireValuesOf } from './wire-value.js';

/** Object types a client may write (the others are inputs). */
const WRITABLE = new Set(['AO', 'AV', 'BO', 'BV', 'MSO', 'MSV', 'CSV', 'DTV']);

export class BacnetDispatch implements ConnectorProtocol<BacnetClient, ReadBatch> {
  readonly batches: ReadBatch[];
  private readonly pointOf = new Map<string, Point>();
  private readonly route: DeviceRoute;
  /** Whether the device takes ReadPropertyMultiple (until it rejects it as an unrecognized service). */
  private takesRpm = true;

  constructor(
    device: Device,
    private readonly source: BacnetSource,
  ) {
    this.batches = readPlan(device.profile, source.pollMs);
    for (const p of device.profile.points) this.pointOf.set(p.id, p);
    this.route = new DeviceRoute(source);
    this.push = source.cov ? new BacnetCov(this.pointOf, source, this.route) : undefined;
  }

  readonly open = (host: string, port: number) =>
    BacnetClient.open(host, port, { timeoutMs: this.source.timeoutMs, maxApdu: this.source.maxApdu });
  /** COV subscriptions (bacnet-cov.ts), unless the source says `cov: false`. */
  readonly push: BacnetCov | undefined;

  periodOf(batch: ReadBatch): number {
    return batch.periodMs;
  }

  pointsOf(batch: ReadBatch): string[] {
    return batch.points.map(({ point }) => point.id);
  }

  describe(batch: ReadBatch): string {
    return describeBatch(batch);
  }

  async read(client: BacnetClient, batch: ReadBatch): Promise<BatchRead> {
    if (!this.takesRpm) return this.readOneByOne(client, batch);
    const body = encodeReadPropertyMultiple(
      batch.points.map(({ object }) => ({
        object,
        properties: [{ property: PropertyId.PRESENT_VALUE }, { property: PropertyId.STATUS_FLAGS }],
      })),
    );
    const answer = await client.request(
      ConfirmedService.READ_PROPERTY_MULTIPLE,
      body,
      await this.route.of(client),
    );
    if (answer.kind === 'refused' && answer.rejected === RejectReason.UNRECOGNIZED_SERVICE) {
      // A device without ReadPropertyMultiple (many small ones): each point read with ReadProperty from now on.
      this.takesRpm = false;
      return this.readOneByOne(client, batch);
    }
    if (answer.kind === 'refused') return { kind: 'refused', why: answer.why };
    if (answer.kind !== 'complex-ack') return { kind: 'refused', why: 'a SimpleACK to a read' };
    const decoded = decodeReadPropertyMultipleAck(answer.body);
    if (!decoded.ok) return { kind: 'refused', why: `undecodable answer: ${decoded.error}` };
    const results = decoded.value;
    const values = batch.points.map(({ point, object }) => {
      // The answer lists the objects in the order asked; each is matched by its identifier all the same.
      const found = results.find(
        (r) => r.object.type === object.type && r.object.instance === object.instance,
      );
      const item = (property: number) => found?.results.find((i) => i.property === property);
      const pv = item(PropertyId.PRESENT_VALUE);
      const flags = item(PropertyId.STATUS_FLAGS);
      if (!pv || !('value' in pv)) return [point.id, null] as const;
      if (flags && 'value' in flags && faultFlagged(flags.value)) return [point.id, null] as const;
      return [point.id, pointValueOf(point, pv.value, this.source.tz)] as const;
    });
    return { kind: 'values', values };
  }

  /** A batch read point by point with ReadProperty of Present_Value (Status_Flags are not read then). */
  private async readOneByOne(client: BacnetClient, batch: ReadBatch): Promise<BatchRead> {
    const values: Array<readonly [string, Value | null]> = [];
    for (const { point } of batch.points) values.push([point.id, await this.readPoint(client, point.id)]);
    return { kind: 'values', values };
  }

  unwritable(pointId: string): string | null {
    const { type } = bacnetAddressOf(this.point(pointId));
    return WRITABLE.has(type) ? null : `not writable on the device (${type})`;
  }

  carried(pointId: string, value: Value): Value {
    return carriedValue(this.point(pointId), value, this.source.tz);
  }

  async write(client: BacnetClient, pointId: string, value: Value): Promise<WriteAnswer> {
    const point = this.point(pointId);
    return this.writePresentValue(
      client,
      point,
      encodePropertyValue(wireValuesOf(point, value, this.source.tz)),
    );
  }

  async readPoint(client: BacnetClient, pointId: string): Promise<Value | null> {
    const point = this.point(pointId);
    const body = encodeReadProperty({ object: objectOf(point), property: PropertyId.PRESENT_VALUE });
    const answer = await client.request(ConfirmedService.READ_PROPERTY, body, await this.route.of(client));
    if (answer.kind !== 'complex-ack') return null;
    const decoded = decodeReadPropertyAck(answer.body);
    return decoded.ok ? pointValueOf(point, decoded.value.value, this.source.tz) : null;
  }

  async action(client: BacnetClient, pointId: string): Promise<WriteAnswer> {
    const active = encodePropertyValue([{ type: 'enumerated', value: BinaryPV.ACTIVE }]);
    return this.writePresentValue(client, this.point(pointId), active);
  }

  private async writePresentValue(
    client: BacnetClient,
    point: Point,
    value: Uint8Array,
  ): Promise<WriteAnswer> {
    const body = encodeWriteProperty({
      object: objectOf(point),
      property: PropertyId.PRESENT_VALUE,
      value,
      priority: this.source.priority,
    });
    const answer = await client.request(ConfirmedService.WRITE_PROPERTY, body, await this.route.of(client));
    return answer.kind === 'refused' ? { ok: false, why: answer.why } : { ok: true };
  }

  private point(pointId: string): Point {
    return this.pointOf.get(pointId) as Point;
  }
}
