// The live points of every device of one profile (a fleet: the chargers, the PIR zones), by device.
import { type Dict, refId } from '../api/hayson';
import { useSession } from '../state/session-context';
import { type Equip, equipsOf, useSite } from '../state/site';
import { useAsync } from '../state/use-async';
import { type LivePoint, useLivePoints } from './live-points';

export interface FleetPoints {
  equips: Equip[];
  point: (equipId: string, key: string) => LivePoint | undefined;
  loaded: boolean;
}

export function useProfilePoints(profile: string): FleetPoints {
  const { client } = useSession();
  const site = useSite();
  const records = useAsync<Dict[]>(
    () => client.read(`point and equipRef->profile==${JSON.stringify(profile)}`),
    [client, profile],
  );
  const { list } = useLivePoints(records.data);
  const byEquip = new Map<string, Map<string, LivePoint>>();
  for (const p of list) {
    const equipId = refId(p.rec.equipRef) ?? '';
    const points = byEquip.get(equipId) ?? new Map<string, LivePoint>();
    byEquip.set(equipId, points);
    points.set(p.key, p);
  }
  return {
    equips: equipsOf(site, profile),
    point: (equipId, key) => byEquip.get(equipId)?.get(key),
    loaded: records.data !== undefined,
  };
}
