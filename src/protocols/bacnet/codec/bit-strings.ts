// The BitString properties a server fills (Status_Flags, Protocol_Services_Supported,
// Protocol_Object_Types_Supported): built from the positions that are set, in the standard's lengths.
import { ObjectType, ServicesSupportedBit } from './enums.js';

/** Bits of BACnetServicesSupported in ASHRAE 135-2020 (positions 0–48). */
export const SERVICES_SUPPORTED_LENGTH = Math.max(...Object.values(ServicesSupportedBit)) + 1;
/** Bits of BACnetObjectTypesSupported in ASHRAE 135-2020 (object types 0–64). */
export const OBJECT_TYPES_SUPPORTED_LENGTH = Math.max(...Object.values(ObjectType)) + 1;

/** A BitString of `length` bits with the given positions set. */
export function bitStringOf(length: number, set: Iterable<number>): boolean[] {
  const bits = new Array<boolean>(length).fill(false);
  for (const position of set) {
    if (!Number.isInteger(position) || position < 0 || position >= length) {
      throw new RangeError(`bit ${position} out of 0..${length - 1}`);
    }
    bits[position] = true;
  }
  return bits;
}

export interface StatusFlags {
  inAlarm?: boolean;
  fault?: boolean;
  overridden?: boolean;
  outOfService?: boolean;
}

/** BACnetStatusFlags: in-alarm, fault, overridden, out-of-service (bits 0–3). */
export function statusFlagsOf(f: StatusFlags): boolean[] {
  return [f.inAlarm === true, f.fault === true, f.overridden === true, f.outOfService === true];
}
