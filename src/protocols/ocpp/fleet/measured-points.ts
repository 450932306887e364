// Which of a charger's points answers each OCPP measurand its charge point is asked for: the points the
// points list's OCPP column maps to `MeterValues.<measurand>` (without a phase), each with the factor from
// its unit to the measurand's OCPP unit (kW → W, kWh → Wh, °C → Celcius as OCPP 1.6's schemas spell it).

import type { Services } from '../../../runtime/services/services.js';
import type { Device } from '../../../site/model.js';
import { MEASURANDS, type Measurand } from '../charge-point/host.js';
import { ocppMappingOf } from '../ocpp-column.js';
import type { MeasuredPoint } from './simulated-charger.js';

/** A point unit → the OCPP unit and the factor to it; units left out are sent without one. */
const UNITS: Record<string, { unit: string; scale: number }> = {
  kW: { unit: 'W', scale: 1000 },
  W: { unit: 'W', scale: 1 },
  kWh: { unit: 'Wh', scale: 1000 },
  Wh: { unit: 'Wh', scale: 1 },
  A: { unit: 'A', scale: 1 },
  V: { unit: 'V', scale: 1 },
  Hz: { unit: 'Hz', scale: 1 },
  // OCPP 1.6's JSON schemas spell it `Celcius` (the errata's `Celsius` is not in them): CSMSs that check the
  // published schemas refuse `Celsius`, and those that follow the errata take both.
  '°C': { unit: 'Celcius', scale: 1 },
  '%': { unit: 'Percent', scale: 1 },
};

export function measuredPointsOf(services: Services, device: Device): Map<Measurand, MeasuredPoint> {
  const measured = new Map<Measurand, MeasuredPoint>();
  for (const point of device.profile.points) {
    const mapping = ocppMappingOf(point);
    if (mapping?.kind !== 'measurand' || mapping.phase !== null) continue;
    if (!(MEASURANDS as readonly string[]).includes(mapping.measurand)) continue;
    const index = services.points.indexOf(`${device.id}.${point.id}`);
    if (index === undefined) continue;
    const unit = (point.unit !== null ? UNITS[point.unit] : undefined) ?? { unit: '', scale: 1 };
    measured.set(mapping.measurand as Measurand, { index, ...unit });
  }
  return measured;
}

/** Whether the points list makes the device a charge point: a point its StatusNotification fills. */
export function isChargePoint(device: Device): boolean {
  return device.profile.points.some((p) => {
    const m = ocppMappingOf(p);
    return m?.kind === 'message' && m.message === 'StatusNotification';
  });
}
