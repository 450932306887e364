// The site's EV power limit, as the server publishes it on the car park's equipment record (`evPowerLimit`,
// a Number in kW: the parking server's evPowerLimitKw parameter or its default); null on a site without one.
import { num } from '../api/hayson';
import { equipsOf, type SiteModel } from '../state/site';

export function sitePowerLimitKw(site: SiteModel): number | null {
  const server = equipsOf(site, 'parking-management-server')[0];
  return server ? num(server.rec.evPowerLimit) : null;
}
