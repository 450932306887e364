// The points a page shows: their records (read once) with the live values of the watch over them.
import type { HaystackClient } from '../api/client';
import { type Dict, type HVal, refId, str } from '../api/hayson';
import type { LiveValue } from './live-watch';
import { useLive } from './use-live';

export interface LivePoint {
  id: string;
  /** The id in the points list (`temperature-setpoint`). */
  key: string;
  name: string;
  rec: Dict;
  live: LiveValue | undefined;
}

/** The value now: the watch's when it has one, else the one read with the record. */
export const currentValue = (p: LivePoint | undefined): HVal | undefined =>
  p ? (p.live?.val ?? p.rec.curVal) : undefined;
export const recOf = (p: LivePoint): Dict => p.live?.rec ?? p.rec;

/** The points of one equipment, as records. */
export const readEquipPoints = (client: HaystackClient, equipId: string): Promise<Dict[]> =>
  client.read(`point and equipRef==@${equipId}`);

/** Live points for `records` (watched while the component is shown), in order and by key. */
export function useLivePoints(records: Dict[] | undefined): {
  list: LivePoint[];
  get: (key: string) => LivePoint | undefined;
} {
  const recs = records ?? [];
  const ids = recs.map((r) => refId(r.id) ?? '');
  const live = useLive(ids);
  const list = recs.map((rec, i) => {
    const id = ids[i] as string;
    return {
      id,
      key: id.slice(id.lastIndexOf('.') + 1),
      name: str(rec.navName) ?? str(rec.dis) ?? id,
      rec,
      live: live(id),
    };
  });
  const byKey = new Map(list.map((p) => [p.key, p]));
  return { list, get: (key) => byKey.get(key) };
}
