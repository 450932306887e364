// The Error-PDU's body for the services whose error is the plain Error production (clause 21:
// ReadProperty, WriteProperty, SubscribeCOV, ReadPropertyMultiple's whole-request error…).
// WritePropertyMultiple's own error production is in write-property-multiple.ts.
//   Error ::= SEQUENCE { error-class ENUMERATED, error-code ENUMERATED }
import { ByteWriter } from '../byte-writer.js';
import type { Decoded } from '../result.js';
import { decodeBody } from './body.js';
import { type BacnetError, readError, writeError } from './property-reference.js';

export type { BacnetError };

export function encodeError(e: BacnetError): Buffer {
  const w = new ByteWriter(6);
  writeError(w, e);
  return w.toBuffer();
}

export function decodeError(body: Uint8Array): Decoded<BacnetError> {
  return decodeBody(body, 'Error', readError);
}
