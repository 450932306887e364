// The site and its equipment, read once per session: the tree, the header and the dashboards use it.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { HaystackClient } from '../api/client';
import { type Dict, refId, str } from '../api/hayson';
import { ianaZone, setSiteZone } from '../format/time';

export interface Equip {
  id: string;
  dis: string;
  /** The points list it runs (`dhw-tank`…): which dashboard it gets. */
  profile: string;
  rec: Dict;
}

export interface SiteModel {
  id: string;
  dis: string;
  /** IANA zone of the site, for times. */
  zone: string | undefined;
  rec: Dict;
  equips: Equip[];
}

export async function loadSite(client: HaystackClient): Promise<SiteModel> {
  const [sites, equips] = await Promise.all([client.read('site', 1), client.read('equip')]);
  const site = sites[0];
  if (!site) throw new Error('The server has no site.');
  const siteId = refId(site.id) ?? '';
  const zone = ianaZone(str(site.tz));
  setSiteZone(zone);
  return {
    id: siteId,
    dis: str(site.dis) ?? siteId,
    zone,
    rec: site,
    equips: equips.map((rec) => ({
      id: refId(rec.id) ?? '',
      dis: str(rec.dis) ?? refId(rec.id) ?? '',
      profile: str(rec.profile) ?? '',
      rec,
    })),
  };
}

export const SiteContext = createContext<SiteModel | null>(null);

export function useSite(): SiteModel {
  const site = useContext(SiteContext);
  if (!site) throw new Error('useSite outside the site');
  return site;
}

/** The equipment of one profile, in site order. */
export const equipsOf = (site: SiteModel, profile: string): Equip[] =>
  site.equips.filter((e) => e.profile === profile);

/** A point's id from its equipment and its id in the points list. */
export const pointId = (equip: Equip | string, point: string): string =>
  `${typeof equip === 'string' ? equip : equip.id}.${point}`;
