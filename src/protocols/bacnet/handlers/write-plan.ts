// One write of WriteProperty or WritePropertyMultiple checked before the write path sees it: the object and
// property (only a point's Present_Value is writable), the priority (6 is reserved by the standard), the
// value's datatype and range by the point's type. The result is the write path's request, or the BACnet
// error, with the refusal to audit when it was a write to a point.
import type { Role, WriteError, WriteRequest } from '../../../runtime/services/services.js';
import {
  type BacnetValue,
  decodePropertyValue,
  ErrorClass,
  ErrorCode,
  type ObjectId,
  Priority,
  PropertyId,
  type PropertyValueEntry,
} from '../codec/index.js';
import type { DeviceObjects } from '../objects/device-objects.js';
import { writtenValueOf } from '../objects/present-value.js';
import type { PropertyError } from '../objects/property-content.js';
import type { ReadContext } from '../objects/read-context.js';
import { propertiesOf, unknownObject } from '../objects/read-property-value.js';

/** Who writes, as the audit trail records it. */
export interface Writer {
  readonly who: string;
  readonly role: Role;
  readonly remote: string;
}

export type WritePlan =
  | { ok: true; request: WriteRequest }
  | { ok: false; error: PropertyError; refusal: { request: WriteRequest; error: WriteError } | null };

/** Lowest priority, taken when a write gives none. */
const DEFAULT_PRIORITY = Priority.LOWEST;

const fail = (errorClass: number, errorCode: number, why: string): WritePlan => ({
  ok: false,
  error: { errorClass, errorCode, why },
  refusal: null,
});

export function planWrite(
  d: DeviceObjects,
  objectId: ObjectId,
  entry: PropertyValueEntry,
  ctx: ReadContext,
  writer: Writer,
): WritePlan {
  const defs = propertiesOf(d, objectId, ctx);
  if (!defs) return { ok: false, error: unknownObject(objectId), refusal: null };
  const name = `property ${entry.property} of object ${objectId.type}:${objectId.instance}`;
  if (!defs.some((p) => p.id === entry.property))
    return fail(ErrorClass.PROPERTY, ErrorCode.UNKNOWN_PROPERTY, `no ${name}`);
  const object = d.pointObject(objectId);
  if (!object || entry.property !== PropertyId.PRESENT_VALUE)
    return fail(ErrorClass.PROPERTY, ErrorCode.WRITE_ACCESS_DENIED, `${name} is not writable`);
  if (entry.arrayIndex !== undefined)
    return fail(ErrorClass.PROPERTY, ErrorCode.PROPERTY_IS_NOT_AN_ARRAY, `${name} is not an array`);
  const level = entry.priority ?? DEFAULT_PRIORITY;
  const request: WriteRequest = {
    key: object.key,
    value: null,
    level,
    who: writer.who,
    role: writer.role,
    via: 'bacnet',
    remote: writer.remote,
  };
  const refuse = (error: PropertyError, code: WriteError['code']): WritePlan => ({
    ok: false,
    error,
    refusal: { request, error: { code, message: error.why } },
  });
  // Not writable whatever the value: said before the value is looked at, as the write path would.
  if (object.point.kind !== 'command') {
    const why = `${object.name} is a ${object.point.kind} point: it cannot be written`;
    return refuse(
      { errorClass: ErrorClass.PROPERTY, errorCode: ErrorCode.WRITE_ACCESS_DENIED, why },
      'read-only',
    );
  }
  if (level === Priority.MINIMUM_ON_OFF) {
    const why = `priority 6 is reserved for minimum on/off times: ${object.name} is not written there`;
    return refuse(
      { errorClass: ErrorClass.PROPERTY, errorCode: ErrorCode.WRITE_ACCESS_DENIED, why },
      'bad-level',
    );
  }
  const decoded = decodePropertyValue(entry.value);
  const values = decoded.ok ? decoded.value.filter((v): v is BacnetValue => v.type !== 'context') : [];
  if (!decoded.ok || values.length !== decoded.value.length || values.length === 0) {
    const why = `${object.name}: the value written is not an application-tagged value`;
    return refuse(
      { errorClass: ErrorClass.PROPERTY, errorCode: ErrorCode.INVALID_DATA_TYPE, why },
      'bad-type',
    );
  }
  const written = writtenValueOf(object.point, values, ctx.services.site.site.tz);
  if (!written.ok)
    return refuse(
      written.error,
      written.error.errorCode === ErrorCode.INVALID_DATA_TYPE ? 'bad-type' : 'out-of-range',
    );
  return { ok: true, request: { ...request, value: written.value } };
}
