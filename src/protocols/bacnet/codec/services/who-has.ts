// Who-Has (clause 16.9): an optional device instance range, then the object by identifier or by name.
//   Who-Has-Request ::= SEQUENCE { limits SEQUENCE { deviceInstanceRangeLowLimit [0] Unsigned,
//     deviceInstanceRangeHighLimit [1] Unsigned } OPTIONAL,
//     object CHOICE { objectIdentifier [2] BACnetObjectIdentifier, objectName [3] CharacterString } }
import { ByteWriter } from '../byte-writer.js';
import {
  isContext,
  readContextObjectId,
  readContextString,
  readContextUnsigned,
  writeContextObjectId,
  writeContextString,
  writeContextUnsigned,
} from '../context-tags.js';
import { MAX_INSTANCE, RejectReason } from '../enums.js';
import type { Decoded } from '../result.js';
import { malformed } from '../result.js';
import type { ObjectId } from '../values.js';
import { decodeBody } from './body.js';

export type WhoHas = { range?: { low: number; high: number } } & (
  | { objectId: ObjectId }
  | { objectName: string }
);

export function encodeWhoHas(m: WhoHas): Buffer {
  const w = new ByteWriter(32);
  if (m.range) {
    writeContextUnsigned(w, 0, m.range.low);
    writeContextUnsigned(w, 1, m.range.high);
  }
  if ('objectId' in m) writeContextObjectId(w, 2, m.objectId);
  else writeContextString(w, 3, m.objectName);
  return w.toBuffer();
}

export function decodeWhoHas(body: Uint8Array): Decoded<WhoHas> {
  return decodeBody(body, 'Who-Has', (r): WhoHas => {
    let range: { low: number; high: number } | undefined;
    if (isContext(r, 0)) {
      range = { low: readContextUnsigned(r, 0), high: readContextUnsigned(r, 1) };
      if (range.low > MAX_INSTANCE || range.high > MAX_INSTANCE)
        malformed('Who-Has: a limit beyond 4194303', 0, RejectReason.PARAMETER_OUT_OF_RANGE);
    }
    const limits = range ? { range } : {};
    if (isContext(r, 2)) return { ...limits, objectId: readContextObjectId(r, 2) };
    if (isContext(r, 3)) return { ...limits, objectName: readContextString(r, 3) };
    return malformed(
      'Who-Has: an object identifier [2] or name [3] expected',
      r.pos,
      RejectReason.MISSING_REQUIRED_PARAMETER,
    );
  });
}
