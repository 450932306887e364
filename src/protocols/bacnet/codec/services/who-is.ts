// Who-Is (clause 16.10): an optional range of device instances, both limits or neither.
//   Who-Is-Request ::= SEQUENCE { deviceInstanceRangeLowLimit [0] Unsigned OPTIONAL,
//                                 deviceInstanceRangeHighLimit [1] Unsigned OPTIONAL }
import { ByteWriter } from '../byte-writer.js';
import { isContext, readContextUnsigned, writeContextUnsigned } from '../context-tags.js';
import { MAX_INSTANCE, RejectReason } from '../enums.js';
import type { Decoded } from '../result.js';
import { malformed } from '../result.js';
import { decodeBody } from './body.js';

export interface WhoIs {
  /** Absent: every device. */
  range?: { low: number; high: number };
}

export function encodeWhoIs(m: WhoIs): Buffer {
  const w = new ByteWriter(8);
  if (m.range) {
    writeContextUnsigned(w, 0, m.range.low);
    writeContextUnsigned(w, 1, m.range.high);
  }
  return w.toBuffer();
}

export function decodeWhoIs(body: Uint8Array): Decoded<WhoIs> {
  return decodeBody(body, 'Who-Is', (r) => {
    if (r.atEnd) return {};
    if (!isContext(r, 0))
      malformed('Who-Is: the low limit [0] expected', r.pos, RejectReason.MISSING_REQUIRED_PARAMETER);
    const low = readContextUnsigned(r, 0);
    const high = readContextUnsigned(r, 1);
    if (low > MAX_INSTANCE || high > MAX_INSTANCE) {
      malformed('Who-Is: a limit beyond 4194303', 0, RejectReason.PARAMETER_OUT_OF_RANGE);
    }
    return { range: { low, high } };
  });
}

/** Whether a device instance answers a Who-Is. */
export function whoIsMatches(m: WhoIs, instance: number): boolean {
  return !m.range || (instance >= m.range.low && instance <= m.range.high);
}
