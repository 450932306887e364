// MeterValue objects of OCPP 1.6 from the charger's readings, and the times at which samples are due.

import type { ChargerHost, Measurand } from './host.js';

export type ReadingContext =
  | 'Sample.Periodic'
  | 'Sample.Clock'
  | 'Transaction.Begin'
  | 'Transaction.End'
  | 'Trigger'
  | 'Other';

export interface SampledValue {
  value: string;
  context: ReadingContext;
  measurand: Measurand;
  unit?: string;
}

export interface MeterValue {
  timestamp: string;
  sampledValue: SampledValue[];
}

export const isoTime = (ms: number): string => new Date(ms).toISOString();

/** Numbers as OCPP's string values: at most 3 decimals, no exponent. */
const decimal = (v: number): string => String(Math.round(v * 1000) / 1000);

/** One MeterValue with the readings of `measurands` the charger has (none when it has none). */
export function meterValue(
  host: ChargerHost,
  measurands: Measurand[],
  context: ReadingContext,
  at: number,
): MeterValue | null {
  const sampledValue: SampledValue[] = [];
  for (const measurand of measurands) {
    const r = host.read(measurand);
    if (!r) continue;
    sampledValue.push({ value: decimal(r.value), context, measurand, ...(r.unit ? { unit: r.unit } : {}) });
  }
  return sampledValue.length > 0 ? { timestamp: isoTime(at), sampledValue } : null;
}

/** The next periodic sample after `now` for samples every `intervalS` from `from` (ms). */
export function nextSampleAt(from: number, intervalS: number, now: number): number {
  const step = intervalS * 1000;
  return from + (Math.floor((now - from) / step) + 1) * step;
}

/** The next clock-aligned time after `now` (aligned to midnight UTC, every `intervalS`). */
export function nextAlignedAt(intervalS: number, now: number): number {
  return nextSampleAt(0, intervalS, now);
}
