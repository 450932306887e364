// The properties of a device's Device object (ASHRAE 135 clause 12.11): the required ones, and the site's
// local date and time (its clock, in its zone), description and location.
import { VERSION } from '../../../version.js';
import {
  bitStringOf,
  DeviceStatus,
  OBJECT_TYPES_SUPPORTED_LENGTH,
  ObjectType,
  PropertyId as P,
  ServicesSupportedBit as S,
  SERVICES_SUPPORTED_LENGTH,
} from '../codec/index.js';
import type { DeviceObjects } from './device-objects.js';
import {
  array,
  bool,
  enumerated,
  once,
  type PropertyDef,
  text,
  unsigned,
  value,
} from './property-content.js';
import { propertyListOf } from './property-list.js';
import type { ReadContext } from './read-context.js';
import { localDateTime, zoneOffsetMinutes } from './site-time.js';

/** BACnet protocol version and revision (ASHRAE 135-2020). */
export const PROTOCOL_VERSION = 1;
export const PROTOCOL_REVISION = 22;
/** What the network side's transactions use (ms, retries), as the Device object announces them. */
export const APDU_TIMEOUT_MS = 3000;
export const APDU_RETRIES = 3;
/** The objects never change while the server runs. */
const DATABASE_REVISION = 1;

/** The services the application executes (and I-Am, which the network side sends). */
const SERVICES = [
  S.READ_PROPERTY,
  S.READ_PROPERTY_MULTIPLE,
  S.WRITE_PROPERTY,
  S.WRITE_PROPERTY_MULTIPLE,
  S.SUBSCRIBE_COV,
  S.SUBSCRIBE_COV_PROPERTY,
  S.WHO_IS,
  S.WHO_HAS,
  S.I_AM,
  S.TIME_SYNCHRONIZATION,
  S.UTC_TIME_SYNCHRONIZATION,
];

const OBJECT_TYPES = [
  ObjectType.DEVICE,
  ObjectType.ANALOG_INPUT,
  ObjectType.ANALOG_OUTPUT,
  ObjectType.ANALOG_VALUE,
  ObjectType.BINARY_INPUT,
  ObjectType.BINARY_OUTPUT,
  ObjectType.BINARY_VALUE,
  ObjectType.MULTI_STATE_INPUT,
  ObjectType.MULTI_STATE_OUTPUT,
  ObjectType.MULTI_STATE_VALUE,
  ObjectType.CHARACTERSTRING_VALUE,
  ObjectType.DATETIME_VALUE,
];

const servicesSupported = bitStringOf(SERVICES_SUPPORTED_LENGTH, SERVICES);
const objectTypesSupported = bitStringOf(OBJECT_TYPES_SUPPORTED_LENGTH, OBJECT_TYPES);

/** Whether daylight saving time is in force at `ms`: the zone is ahead of its smaller offset of the year. */
function daylightSaving(ms: number, tz: string): boolean {
  const year = new Date(ms).getUTCFullYear();
  const winter = zoneOffsetMinutes(Date.UTC(year, 0, 1), tz);
  const summer = zoneOffsetMinutes(Date.UTC(year, 6, 1), tz);
  return zoneOffsetMinutes(ms, tz) > Math.min(winter, summer);
}

/** Each device's Device object properties, built on its first read and kept (they read the facade only). */
const BUILT = new WeakMap<DeviceObjects, PropertyDef[]>();

export function deviceProperties(d: DeviceObjects, ctx: ReadContext): PropertyDef[] {
  let defs = BUILT.get(d);
  if (!defs) {
    defs = buildProperties(d, ctx);
    BUILT.set(d, defs);
  }
  return defs;
}

function buildProperties(d: DeviceObjects, ctx: ReadContext): PropertyDef[] {
  const { site, clock } = ctx.services;
  const tz = site.site.tz;
  const defs: PropertyDef[] = [];
  const add = (id: number, required: boolean, read: PropertyDef['read']) => defs.push({ id, required, read });
  /** A property of the site file, the profile or the objects: read and encoded once. */
  const fixed = (id: number, required: boolean, read: PropertyDef['read']) =>
    defs.push({ id, required, read: once(read), constant: true });
  fixed(P.OBJECT_IDENTIFIER, true, () => value({ type: 'objectId', value: d.id }));
  fixed(P.OBJECT_NAME, true, () => value(text(d.bacnet.name)));
  fixed(P.OBJECT_TYPE, true, () => value(enumerated(ObjectType.DEVICE)));
  fixed(P.SYSTEM_STATUS, true, () => value(enumerated(DeviceStatus.OPERATIONAL)));
  fixed(P.VENDOR_NAME, true, () => value(text(d.vendorName)));
  fixed(P.VENDOR_IDENTIFIER, true, () => value(unsigned(d.bacnet.vendorId)));
  fixed(P.MODEL_NAME, true, () => value(text(d.device.profile.name)));
  fixed(P.FIRMWARE_REVISION, true, () => value(text(VERSION)));
  fixed(P.APPLICATION_SOFTWARE_VERSION, true, () => value(text(VERSION)));
  fixed(P.LOCATION, false, () => value(text(site.site.location?.address ?? site.site.name)));
  fixed(P.DESCRIPTION, false, () => value(text(`${d.device.profile.name} of ${site.site.name}`)));
  fixed(P.PROTOCOL_VERSION, true, () => value(unsigned(PROTOCOL_VERSION)));
  fixed(P.PROTOCOL_REVISION, true, () => value(unsigned(PROTOCOL_REVISION)));
  fixed(P.PROTOCOL_SERVICES_SUPPORTED, true, () => value({ type: 'bitString', value: servicesSupported }));
  fixed(P.PROTOCOL_OBJECT_TYPES_SUPPORTED, true, () =>
    value({ type: 'bitString', value: objectTypesSupported }),
  );
  fixed(P.OBJECT_LIST, true, () =>
    array([d.id, ...d.points.map((o) => o.id)].map((id) => [{ type: 'objectId', value: id }])),
  );
  fixed(P.MAX_APDU_LENGTH_ACCEPTED, true, () => value(unsigned(d.bacnet.maxApdu)));
  fixed(P.SEGMENTATION_SUPPORTED, true, () => value(enumerated(d.bacnet.segmentation)));
  add(P.LOCAL_DATE, false, () => value({ type: 'date', value: localDateTime(clock.now(), tz).date }));
  add(P.LOCAL_TIME, false, () => value({ type: 'time', value: localDateTime(clock.now(), tz).time }));
  // UTC_Offset: minutes to add to local time to get UTC.
  add(P.UTC_OFFSET, false, () => value({ type: 'signed', value: -zoneOffsetMinutes(clock.now(), tz) }));
  add(P.DAYLIGHT_SAVINGS_STATUS, false, () => value(bool(daylightSaving(clock.now(), tz))));
  fixed(P.APDU_TIMEOUT, true, () => value(unsigned(APDU_TIMEOUT_MS)));
  fixed(P.NUMBER_OF_APDU_RETRIES, true, () => value(unsigned(APDU_RETRIES)));
  // A list of the bindings the device keeps: none, it never initiates to a device.
  fixed(P.DEVICE_ADDRESS_BINDING, true, () => value());
  fixed(P.DATABASE_REVISION, true, () => value(unsigned(DATABASE_REVISION)));
  fixed(P.PROPERTY_LIST, true, () => propertyListOf(defs));
  return defs;
}
