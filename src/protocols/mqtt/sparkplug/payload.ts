// Sparkplug B payloads with protobufjs over the specification's schema (sparkplug-proto.ts): the types a
// publisher builds (births, deaths, commands) and their encoding. DDATA, the hot path, is written by hand
// (data-encoder.ts) to the same schema. Every uint64 is a JavaScript number here (timestamps, aliases and
// bdSeq stay far below 2^53); Long values a decoder hands back are turned into numbers.

import protobuf from 'protobufjs';
import { SPARKPLUG_B_PROTO } from './sparkplug-proto.js';

/** The specification's data types (6.4.16) Pointyard uses. */
export const DataType = {
  Int32: 3,
  Int64: 4,
  UInt32: 7,
  UInt64: 8,
  Float: 9,
  Double: 10,
  Boolean: 11,
  String: 12,
  DateTime: 13,
  PropertySet: 20,
} as const;
export type DataTypeCode = (typeof DataType)[keyof typeof DataType];

export interface PropertyValue {
  type: number;
  isNull?: boolean;
  intValue?: number;
  longValue?: number;
  floatValue?: number;
  doubleValue?: number;
  booleanValue?: boolean;
  stringValue?: string;
  propertysetValue?: PropertySet;
}

export interface PropertySet {
  keys: string[];
  values: PropertyValue[];
}

export interface Metric {
  name?: string;
  alias?: number;
  timestamp?: number;
  datatype?: number;
  isHistorical?: boolean;
  isTransient?: boolean;
  isNull?: boolean;
  properties?: PropertySet;
  intValue?: number;
  longValue?: number;
  floatValue?: number;
  doubleValue?: number;
  booleanValue?: boolean;
  stringValue?: string;
}

export interface Payload {
  timestamp?: number;
  metrics: Metric[];
  seq?: number;
  uuid?: string;
}

const root = protobuf.parse(SPARKPLUG_B_PROTO, { keepCase: false }).root;
const PayloadType = root.lookupType('org.eclipse.tahu.protobuf.Payload');

/** Encodes a payload (without `seq` when the link's finalizer appends it). */
export function encodePayload(payload: Payload): Buffer {
  const bytes = PayloadType.encode(PayloadType.fromObject(payload)).finish();
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Decodes a payload; throws on bytes that are not one. Fields absent from the wire are absent. */
export function decodePayload(bytes: Uint8Array): Payload {
  const message = PayloadType.decode(bytes);
  return PayloadType.toObject(message, { longs: Number, defaults: false, oneofs: false }) as Payload;
}

/** A varint field's bytes (tag or value) for numbers below 2^53. */
export function varint(value: number, out: number[] = []): number[] {
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

/**
 * The payload with its sequence number appended (field 3, varint): protobuf reads fields in any order, so the
 * link's finalizer numbers an encoded payload without decoding it.
 */
export function withSeq(payload: Buffer, seq: number): Buffer {
  const tail = varint(seq, [0x18]);
  const out = Buffer.allocUnsafe(payload.length + tail.length);
  payload.copy(out, 0);
  for (let i = 0; i < tail.length; i++) out[payload.length + i] = tail[i] as number;
  return out;
}
