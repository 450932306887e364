// The write path's refusals as BACnet errors (class, code): one table, so that a code added to the write path
// does not compile until BACnet says how it answers it.
import type { WriteErrorMap } from '../../runtime/services/services.js';
import { ErrorClass, ErrorCode } from './codec/index.js';

export interface BacnetErrorPair {
  readonly errorClass: number;
  readonly errorCode: number;
}

const property = (errorCode: number): BacnetErrorPair => ({ errorClass: ErrorClass.PROPERTY, errorCode });

export const WRITE_ERRORS: WriteErrorMap<BacnetErrorPair> = {
  'unknown-point': { errorClass: ErrorClass.OBJECT, errorCode: ErrorCode.UNKNOWN_OBJECT },
  // An input or a status point: its Present_Value is not writable.
  'read-only': property(ErrorCode.WRITE_ACCESS_DENIED),
  'bad-type': property(ErrorCode.INVALID_DATA_TYPE),
  'out-of-range': property(ErrorCode.VALUE_OUT_OF_RANGE),
  'bad-enum': property(ErrorCode.VALUE_OUT_OF_RANGE),
  // A momentary action written INACTIVE, or relinquished: it can only be run.
  'bad-action': property(ErrorCode.VALUE_OUT_OF_RANGE),
  // The only level BACnet asks that the write path does not take is 6, which the standard reserves.
  'bad-level': property(ErrorCode.WRITE_ACCESS_DENIED),
  'bad-duration': property(ErrorCode.VALUE_OUT_OF_RANGE),
  // The role BACnet clients write with may not write this point.
  forbidden: property(ErrorCode.WRITE_ACCESS_DENIED),
  // The site's System Enable is off: only it can be written.
  disabled: property(ErrorCode.WRITE_ACCESS_DENIED),
  rejected: property(ErrorCode.VALUE_OUT_OF_RANGE),
  'store-failed': { errorClass: ErrorClass.DEVICE, errorCode: ErrorCode.OPERATIONAL_PROBLEM },
  stopping: { errorClass: ErrorClass.DEVICE, errorCode: ErrorCode.DEVICE_BUSY },
};
