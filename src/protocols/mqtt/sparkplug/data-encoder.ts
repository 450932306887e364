// DDATA payloads written straight to protobuf (the schema's field numbers, sparkplug-proto.ts), the hot path:
// per metric only alias, timestamp, datatype and value (a host decodes the value by the datatype). No `seq`:
// the link's finalizer appends it as the message goes out.

import protobuf from 'protobufjs';
import { DataType, type DataTypeCode } from './payload.js';

const { Writer } = protobuf;

// Field keys: (field number << 3) | wire type (0 varint, 1 64-bit, 2 length-delimited).
const PAYLOAD_TIMESTAMP = (1 << 3) | 0;
const PAYLOAD_METRIC = (2 << 3) | 2;
const METRIC_ALIAS = (2 << 3) | 0;
const METRIC_TIMESTAMP = (3 << 3) | 0;
const METRIC_DATATYPE = (4 << 3) | 0;
const METRIC_IS_HISTORICAL = (5 << 3) | 0;
const METRIC_IS_NULL = (7 << 3) | 0;
const METRIC_LONG = (11 << 3) | 0;
const METRIC_DOUBLE = (13 << 3) | 1;
const METRIC_BOOLEAN = (14 << 3) | 0;
const METRIC_STRING = (15 << 3) | 2;

/** One metric of a DDATA: its value is null when the point has none (a real device never read). */
export interface DataMetric {
  alias: number;
  timestamp: number;
  type: DataTypeCode;
  value: number | boolean | string | null;
}

/** A DDATA (or NDATA) payload. `historical`: every metric is marked is_historical. */
export function encodeData(timestamp: number, metrics: readonly DataMetric[], historical = false): Buffer {
  const w = Writer.create();
  w.uint32(PAYLOAD_TIMESTAMP).uint64(timestamp);
  for (const m of metrics) {
    w.uint32(PAYLOAD_METRIC).fork();
    w.uint32(METRIC_ALIAS).uint64(m.alias);
    w.uint32(METRIC_TIMESTAMP).uint64(m.timestamp);
    w.uint32(METRIC_DATATYPE).uint32(m.type);
    if (historical) w.uint32(METRIC_IS_HISTORICAL).bool(true);
    const { value } = m;
    if (value === null) w.uint32(METRIC_IS_NULL).bool(true);
    else if (m.type === DataType.Double) w.uint32(METRIC_DOUBLE).double(value as number);
    else if (m.type === DataType.Boolean) w.uint32(METRIC_BOOLEAN).bool(value === true);
    else if (m.type === DataType.DateTime) {
      const ms = typeof value === 'number' ? value : Date.parse(String(value));
      if (Number.isFinite(ms) && ms >= 0) w.uint32(METRIC_LONG).uint64(ms);
      else w.uint32(METRIC_IS_NULL).bool(true);
    } else w.uint32(METRIC_STRING).string(String(value));
    w.ldelim();
  }
  const bytes = w.finish();
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
