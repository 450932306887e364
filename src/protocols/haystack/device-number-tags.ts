// The tags of a device's (equip) record that carry its protocol numbers: `bacnetDeviceInstance` and
// `modbusUnit`, each absent when the device has none. The numbers come from the plug-ins' typed accessors.

import { HNum } from 'haystack-core';
import type { Device } from '../../site/model.js';
import { bacnetInstanceOf } from '../bacnet/device-number.js';
import { modbusUnitOf } from '../modbus/device-number.js';

export function numberTags(device: Pick<Device, 'numbers'>): Record<string, HNum> {
  const tags: Record<string, HNum> = {};
  const instance = bacnetInstanceOf(device);
  if (instance !== null) tags.bacnetDeviceInstance = HNum.make(instance);
  const unit = modbusUnitOf(device);
  if (unit !== null) tags.modbusUnit = HNum.make(unit);
  return tags;
}
