// The tab's title names the page, then the site: `Staff Rooms Hot Water · Lyon Confluence · Pointyard`.
import type { Route } from './router';
import type { SiteModel } from './site';

const TITLES: Record<string, string> = {
  trends: 'Trends',
  alarms: 'Alarms',
  log: 'Audit & events',
  'alarm-receiver': 'Alarm receiver',
  server: 'Server',
  ev: 'EV chargers',
  pir: 'PIR zones',
  points: 'Watched points',
};

/** What the page at `route` is called: the device's name on a device page, `Overview` at `#/`. */
export function pageName(route: Route, site: SiteModel): string {
  const [page, arg] = route.parts;
  if (page === undefined) return 'Overview';
  if (page === 'equip') return site.equips.find((e) => e.id === arg)?.dis ?? 'Nothing here';
  return TITLES[page] ?? 'Nothing here';
}

export const pageTitle = (route: Route, site: SiteModel): string =>
  `${pageName(route, site)} · ${site.dis} · Pointyard`;

/** Before the site is read (the login page): the product alone. */
export const LOGGED_OUT_TITLE = 'Log in · Pointyard';
