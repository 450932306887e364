// I-Am (clause 16.10): application-tagged fields.
//   I-Am-Request ::= SEQUENCE { iAmDeviceIdentifier BACnetObjectIdentifier, maxAPDULengthAccepted Unsigned,
//                               segmentationSupported BACnetSegmentation, vendorID Unsigned16 }
import { ByteWriter } from '../byte-writer.js';
import { RejectReason } from '../enums.js';
import type { Decoded } from '../result.js';
import { malformed } from '../result.js';
import { type ObjectId, readApplicationValue, writeValue } from '../values.js';
import { decodeBody } from './body.js';

export interface IAm {
  device: ObjectId;
  maxApduLength: number;
  /** BACnetSegmentation. */
  segmentation: number;
  vendorId: number;
}

export function encodeIAm(m: IAm): Buffer {
  const w = new ByteWriter(16);
  writeValue(w, { type: 'objectId', value: m.device });
  writeValue(w, { type: 'unsigned', value: m.maxApduLength });
  writeValue(w, { type: 'enumerated', value: m.segmentation });
  writeValue(w, { type: 'unsigned', value: m.vendorId });
  return w.toBuffer();
}

export function decodeIAm(body: Uint8Array): Decoded<IAm> {
  return decodeBody(body, 'I-Am', (r) => {
    const device = readApplicationValue(r);
    const max = readApplicationValue(r);
    const seg = readApplicationValue(r);
    const vendor = readApplicationValue(r);
    if (
      device.type !== 'objectId' ||
      max.type !== 'unsigned' ||
      typeof max.value !== 'number' ||
      seg.type !== 'enumerated' ||
      vendor.type !== 'unsigned' ||
      typeof vendor.value !== 'number' ||
      vendor.value > 0xffff
    ) {
      return malformed('I-Am: fields of the wrong types', 0, RejectReason.INVALID_PARAMETER_DATA_TYPE);
    }
    return {
      device: device.value,
      maxApduLength: max.value,
      segmentation: seg.value,
      vendorId: vendor.value,
    };
  });
}
