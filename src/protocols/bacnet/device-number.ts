// BACnet device instances of a site's devices: the plug-in's numbering (0–4194302, automatic from
// `site.bacnetBase`, 1000 by default; running out is an error) and the typed accessor of
// `Device.numbers.bacnet`.

import type { Device } from '../../site/model.js';
import type { DeviceNumbering } from '../../site/plugin-numbering.js';

export const BACNET_INSTANCE_MAX = 4_194_302;
/** First automatic instance when the site file sets no `site.bacnetBase`. */
export const DEFAULT_BACNET_BASE = 1000;

export const bacnetNumbering: DeviceNumbering = {
  field: 'bacnetInstance',
  description: "BACnet Device object instance; a fleet's is its first (the others follow).",
  what: 'BACnet instance',
  min: 0,
  max: BACNET_INSTANCE_MAX,
  first: {
    siteField: 'bacnetBase',
    default: DEFAULT_BACNET_BASE,
    description: 'First BACnet device instance given automatically.',
  },
  whenFull: { severity: 'error', each: 'instance' },
};

/** The device's BACnet Device object instance; null only for a site built without one. */
export function bacnetInstanceOf(device: Pick<Device, 'numbers'>): number | null {
  return device.numbers.bacnet ?? null;
}
