// A MeterValues sample as a point's value: the sampled value of the point's measurand and phase (OCPP 1.6's
// default measurand is Energy.Active.Import.Register), in the point's unit (W ↔ kW, Wh ↔ kWh).

import type { Point } from '../../points/model.js';
import type { SampledValue } from './charge-point-listener.js';
import type { OcppMapping } from './ocpp-column.js';

/** OCPP 1.6's unit of each measurand family when a sample gives none. */
function defaultUnit(measurand: string): string | null {
  if (measurand.startsWith('Energy.Active')) return 'Wh';
  if (measurand.startsWith('Energy.Reactive')) return 'varh';
  if (measurand.startsWith('Power.Active') || measurand === 'Power.Offered') return 'W';
  if (measurand.startsWith('Power.Reactive')) return 'var';
  if (measurand.startsWith('Current')) return 'A';
  if (measurand === 'Voltage') return 'V';
  if (measurand === 'Temperature') return 'Celsius';
  if (measurand === 'SoC') return 'Percent';
  return null;
}

const SCALE: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  Wh: { kWh: 0.001, Wh: 1 },
  kWh: { Wh: 1000, kWh: 1 },
  W: { kW: 0.001, W: 1 },
  kW: { W: 1000, kW: 1 },
  varh: { kvarh: 0.001 },
  kvarh: { varh: 1000 },
  var: { kvar: 0.001 },
  kvar: { var: 1000 },
};

/** The point's value in `sampled`, or null when no sample is its own or its value is not a number. */
export function measuredValue(
  point: Pick<Point, 'unit'>,
  mapping: Extract<OcppMapping, { kind: 'measurand' }>,
  sampled: readonly SampledValue[],
): number | null {
  const sample = sampled.find(
    (s) =>
      (s.measurand ?? 'Energy.Active.Import.Register') === mapping.measurand &&
      (s.phase ?? null) === mapping.phase &&
      (s.format ?? 'Raw') === 'Raw',
  );
  if (!sample) return null;
  const raw = Number(sample.value);
  if (!Number.isFinite(raw)) return null;
  const unit = sample.unit ?? defaultUnit(mapping.measurand);
  const factor = unit && point.unit ? (SCALE[unit]?.[point.unit] ?? 1) : 1;
  return raw * factor;
}
