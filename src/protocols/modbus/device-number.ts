// Modbus unit ids of a site's devices: the plug-in's numbering (1–247, automatic from 1; the devices past
// the 247th get none, with a warning) and the typed accessor of `Device.numbers.modbus`.

import type { Device } from '../../site/model.js';
import type { DeviceNumbering } from '../../site/plugin-numbering.js';

export const MODBUS_UNITS = { first: 1, last: 247 };

export const modbusNumbering: DeviceNumbering = {
  field: 'modbusUnit',
  description: "Modbus unit id; a fleet's is its first (the others follow).",
  what: 'Modbus unit',
  min: MODBUS_UNITS.first,
  max: MODBUS_UNITS.last,
  first: MODBUS_UNITS.first,
  whenFull: { severity: 'warning', why: 'Modbus has 247 unit ids' },
};

/** The device's Modbus unit id, or null when it has none (past the 247th device, or a site built without). */
export function modbusUnitOf(device: Pick<Device, 'numbers'>): number | null {
  return device.numbers.modbus ?? null;
}
