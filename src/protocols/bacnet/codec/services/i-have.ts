// I-Have (clause 16.9): application-tagged fields.
//   I-Have-Request ::= SEQUENCE { deviceIdentifier BACnetObjectIdentifier,
//                                 objectIdentifier BACnetObjectIdentifier, objectName CharacterString }
import { ByteWriter } from '../byte-writer.js';
import { RejectReason } from '../enums.js';
import type { Decoded } from '../result.js';
import { malformed } from '../result.js';
import { type ObjectId, readApplicationValue, writeValue } from '../values.js';
import { decodeBody } from './body.js';

export interface IHave {
  device: ObjectId;
  object: ObjectId;
  objectName: string;
}

export function encodeIHave(m: IHave): Buffer {
  const w = new ByteWriter(32);
  writeValue(w, { type: 'objectId', value: m.device });
  writeValue(w, { type: 'objectId', value: m.object });
  writeValue(w, { type: 'characterString', value: m.objectName });
  return w.toBuffer();
}

export function decodeIHave(body: Uint8Array): Decoded<IHave> {
  return decodeBody(body, 'I-Have', (r) => {
    const device = readApplicationValue(r);
    const object = readApplicationValue(r);
    const name = readApplicationValue(r);
    if (device.type !== 'objectId' || object.type !== 'objectId' || name.type !== 'characterString') {
      return malformed('I-Have: fields of the wrong types', 0, RejectReason.INVALID_PARAMETER_DATA_TYPE);
    }
    return { device: device.value, object: object.value, objectName: name.value };
  });
}
