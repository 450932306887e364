// TimeSynchronization and UTCTimeSynchronization (clause 16.7, 16.8): one BACnetDateTime each, local time
// or UTC (the same encoding; the service choice tells them apart).
//   TimeSynchronization-Request ::= SEQUENCE { time BACnetDateTime }
//   BACnetDateTime ::= SEQUENCE { date Date, time Time }
import { ByteWriter } from '../byte-writer.js';
import { RejectReason } from '../enums.js';
import type { Decoded } from '../result.js';
import { malformed } from '../result.js';
import { type BacnetDate, type BacnetTime, readApplicationValue, writeValue } from '../values.js';
import { decodeBody } from './body.js';

export interface DateTime {
  date: BacnetDate;
  time: BacnetTime;
}

export function encodeTimeSynchronization(m: DateTime): Buffer {
  const w = new ByteWriter(10);
  writeValue(w, { type: 'date', value: m.date });
  writeValue(w, { type: 'time', value: m.time });
  return w.toBuffer();
}

export function decodeTimeSynchronization(body: Uint8Array): Decoded<DateTime> {
  return decodeBody(body, 'TimeSynchronization', (r) => {
    const date = readApplicationValue(r);
    const time = readApplicationValue(r);
    if (date.type !== 'date' || time.type !== 'time')
      return malformed('a Date then a Time expected', 0, RejectReason.INVALID_PARAMETER_DATA_TYPE);
    return { date: date.value, time: time.value };
  });
}
