// The objects of each device of the site as BACnet clients see them: its Device object and one object per
// point (type and instance from the point's BACnet address), found by identifier or by name in O(1).
import type { Point } from '../../../points/model.js';
import type { PointsService } from '../../../runtime/services/services.js';
import type { Device, Site } from '../../../site/model.js';
import { pointKey } from '../../../site/model.js';
import type { BacnetDevice } from '../application.js';
import { type BacnetType, bacnetAddressOf } from '../bacnet-address.js';
import { BACNET_OBJECT_TYPES } from '../bacnet-map.js';
import { type ObjectId, ObjectType, objectIdToNumber, Segmentation } from '../codec/index.js';
import { bacnetInstanceOf } from '../device-number.js';

/** Largest APDU the application's answers are sized for (BACnet/IP's 1476 octets). */
export const MAX_APDU_ACCEPTED = 1476;
/** The network side segments large answers; segmented requests are not taken. */
export const SEGMENTATION_SUPPORTED = Segmentation.SEGMENTED_TRANSMIT;

/** The object of one point. */
export interface PointObject {
  readonly id: ObjectId;
  readonly type: BacnetType;
  /** Object_Name: the point's name (unique in its profile, so in its device). */
  readonly name: string;
  /** The point's index in the points service. */
  readonly index: number;
  readonly key: string;
  readonly point: Point;
  /** Has a Priority_Array (output objects always; value objects of command points). */
  readonly commandable: boolean;
}

export interface DeviceObjects {
  readonly device: Device;
  readonly bacnet: BacnetDevice;
  /** Its Device object's Vendor_Name. */
  readonly vendorName: string;
  /** Its Device object's identifier. */
  readonly id: ObjectId;
  /** The points' objects, in profile order (Object_List after the Device object). */
  readonly points: readonly PointObject[];
  /** A point's object by identifier. */
  pointObject(id: ObjectId): PointObject | undefined;
  /** The identifier of the object named `name` (the Device object's name included). */
  idOfName(name: string): ObjectId | undefined;
}

const OUTPUTS = new Set<BacnetType>(['AO', 'BO', 'MSO']);

function pointObjectOf(device: Device, point: Point, points: Pick<PointsService, 'indexOf'>): PointObject {
  const address = bacnetAddressOf(point);
  const key = pointKey(device.id, point.id);
  const index = points.indexOf(key);
  if (index === undefined) throw new Error(`point ${key} is not in the points service`);
  return {
    id: { type: BACNET_OBJECT_TYPES[address.type].number, instance: address.instance },
    type: address.type,
    name: point.name,
    index,
    key,
    point,
    commandable: OUTPUTS.has(address.type) || point.kind === 'command',
  };
}

/** The objects of every device of `site` that has a BACnet instance, in site order. */
export function buildDeviceObjects(
  site: Site,
  points: Pick<PointsService, 'indexOf'>,
  vendor: { vendorId: number; vendorName: string },
): DeviceObjects[] {
  const out: DeviceObjects[] = [];
  for (const device of site.devices) {
    const instance = bacnetInstanceOf(device);
    if (instance === null) continue;
    const objects = device.profile.points.map((p) => pointObjectOf(device, p, points));
    const byId = new Map(objects.map((o) => [objectIdToNumber(o.id), o]));
    const id: ObjectId = { type: ObjectType.DEVICE, instance };
    const byName = new Map<string, ObjectId>(objects.map((o) => [o.name, o.id]));
    byName.set(device.name, id);
    out.push({
      device,
      id,
      bacnet: {
        id: device.id,
        instance,
        name: device.name,
        vendorId: vendor.vendorId,
        maxApdu: MAX_APDU_ACCEPTED,
        segmentation: SEGMENTATION_SUPPORTED,
      },
      vendorName: vendor.vendorName,
      points: objects,
      pointObject: (oid) => byId.get(oid.type * 0x400000 + oid.instance),
      idOfName: (name) => byName.get(name),
    });
  }
  return out;
}
