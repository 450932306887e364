// A point's Sparkplug data type and its value as a metric carries it. Numbers are Double: the point model has
// no integer type (a points list's "integer" is a number) and a number point may take any value, which a
// Double keeps exactly as the runtime holds it (a Float loses digits past 2^24, an energy total in Wh…).
// Booleans and momentary actions are Boolean; an enum is a String carrying its word (the words are listed in
// the birth's `enumStates` property), so a host shows what a person reads and a DCMD writes a word; text is a
// String; a date-time is a DateTime (epoch ms).

import type { Point, Value } from '../../../runtime/services/services.js';
import { DataType, type DataTypeCode, type Metric } from './payload.js';

export function dataTypeOf(point: Point): DataTypeCode {
  switch (point.type) {
    case 'number':
      return DataType.Double;
    case 'bool':
    case 'action':
      return DataType.Boolean;
    case 'datetime':
      return DataType.DateTime;
    case 'enum':
    case 'string':
      return DataType.String;
  }
}

/** Sets the value field of `metric` for a value of `type` (is_null for a date-time that is not one). */
export function setMetricValue(metric: Metric, type: DataTypeCode, value: Value): Metric {
  switch (type) {
    case DataType.Double:
      metric.doubleValue = Number(value);
      break;
    case DataType.Boolean:
      metric.booleanValue = value === true;
      break;
    case DataType.DateTime: {
      const ms = typeof value === 'number' ? value : Date.parse(String(value));
      if (Number.isFinite(ms) && ms >= 0) metric.longValue = ms;
      else metric.isNull = true;
      break;
    }
    default:
      metric.stringValue = String(value);
  }
  return metric;
}

/**
 * The value a command metric carries, in a form the write path reads for the point (its natural forms):
 * undefined when the metric holds none.
 */
export function commandValue(metric: Metric, point: Point): unknown {
  if (metric.isNull) return null;
  const raw =
    metric.doubleValue ??
    metric.floatValue ??
    metric.intValue ??
    metric.longValue ??
    metric.booleanValue ??
    metric.stringValue;
  if (raw === undefined) return undefined;
  if (point.type === 'datetime' && typeof raw === 'number') return new Date(raw).toISOString();
  // Int32 travels as uint32 (two's complement): a host sending a negative Int32 means a negative number.
  if (metric.datatype === DataType.Int32 && typeof raw === 'number' && metric.intValue !== undefined)
    return raw | 0;
  return raw;
}
