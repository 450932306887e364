// Which site device a charge point is: the one whose id in the site file (the last part of its equip id) or
// whose whole equip id is the charge point's id (the simulated chargers connect under their device id).
import type { Equip, SiteModel } from '../state/site';

export const deviceIdOf = (equip: Equip, site: SiteModel): string =>
  equip.id.startsWith(`${site.id}.`) ? equip.id.slice(site.id.length + 1) : equip.id;

export function deviceOfChargePoint(site: SiteModel, chargePoint: string): Equip | undefined {
  return site.equips.find((e) => e.id === chargePoint || deviceIdOf(e, site) === chargePoint);
}
