// Unit id → device: each device with a Modbus unit (site file), its profile's map, where its points sit in
// the point store, and its options (word order, zero-filled gaps). Built once when the server starts.

import type { Profile } from '../../points/model.js';
import type { PointsService } from '../../runtime/services/services.js';
import { type Device, pointKey, type Site } from '../../site/model.js';
import { getOrCreate } from '../../util/maps.js';
import { type ProfileMap, profileMap } from './address-map.js';
import { modbusUnitOf } from './device-number.js';
import type { WordOrder } from './register-codec.js';

/** Per-device options of the server; `server.modbus` sets the defaults, `server.modbus.devices` each device's. */
export interface DeviceOptions {
  wordOrder: WordOrder;
  /** Unmapped registers between mapped ones read as 0 instead of exception 02 (for block reads). */
  zeroGaps: boolean;
}

export interface UnitBinding extends DeviceOptions {
  unit: number;
  device: Device;
  map: ProfileMap;
  /** Point-store index of each point, by its position in the profile. */
  indices: Int32Array;
}

/** Bindings indexed by unit id (0–255); devices without a unit are not served. */
export function bindUnits(
  site: Pick<Site, 'devices'>,
  points: Pick<PointsService, 'indexOf'>,
  defaults: DeviceOptions,
  perDevice: Record<string, Partial<DeviceOptions>> = {},
): Array<UnitBinding | undefined> {
  const units: Array<UnitBinding | undefined> = new Array(256).fill(undefined);
  // Keyed by the profile itself: devices of one profile share its map.
  const maps = new Map<Profile, ProfileMap>();
  for (const device of site.devices) {
    const unit = modbusUnitOf(device);
    if (unit === null) continue;
    const map = getOrCreate(maps, device.profile, () => profileMap(device.profile));
    const indices = Int32Array.from(device.profile.points, (p) => {
      const index = points.indexOf(pointKey(device.id, p.id));
      if (index === undefined)
        throw new Error(`point ${pointKey(device.id, p.id)} is not in the point store`);
      return index;
    });
    units[unit] = {
      unit,
      device,
      map,
      indices,
      ...defaults,
      ...perDevice[device.id],
    };
  }
  return units;
}
