// Finding the site's System Enable point, which every write checks first.

import { pointsWithRole } from '../points/special-roles.js';
import type { Site } from '../site/model.js';

/** The key of the site's System Enable: the site's first point with that role (points/special-roles.ts). */
export function systemEnableKey(site: Site): string | null {
  for (const device of site.devices) {
    const [point] = pointsWithRole(device.profile, 'system-enable');
    if (point) return `${device.id}.${point.id}`;
  }
  return null;
}
