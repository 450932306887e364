// A trend's samples: the history of the range (averaged per `interval` by the server when one is given),
// then (when the range reaches now) the live tail — every change the session's watch brings is appended as
// it comes.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { HVal } from '../api/hayson';
import { useLive } from '../live/use-live';
import { useSession } from '../state/session-context';
import { type History, readHistory } from './his-read';
import type { TrendInterval } from './trend-range';

export interface TrendData extends History {
  /** Samples appended by the live tail since the history was read. */
  tailCount: number;
}

export function useTrendData(
  ids: string[],
  range: string,
  live: boolean,
  interval: TrendInterval | null = null,
): { data: TrendData | null; error: Error | null; loading: boolean } {
  const { client } = useSession();
  const [data, setData] = useState<TrendData | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [loading, setLoading] = useState(true);
  const lastSeen = useRef(new Map<string, number>());
  const key = `${ids.join(',')}|${range}|${interval?.ms ?? ''}`;

  useEffect(() => {
    let current = true;
    setLoading(true);
    setError(null);
    if (ids.length === 0) {
      setData(null);
      setLoading(false);
      return;
    }
    readHistory(client, ids, range, interval).then(
      (history) => {
        if (!current) return;
        lastSeen.current = new Map();
        setData({ ...history, tailCount: 0 });
        setLoading(false);
      },
      (err: Error) => {
        if (!current) return;
        setError(err);
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
  }, [key, client]);

  const value = useLive(live ? ids : []);
  useEffect(() => {
    if (!live || !data) return;
    // One row per change time: the points that changed then get their value, the others null.
    const rows = new Map<number, Map<number, HVal>>();
    ids.forEach((id, i) => {
      const v = value(id);
      // Appended at the server's time of the change (curTs), once per change.
      if (!v || v.ts === null || v.ts <= (lastSeen.current.get(id) ?? 0)) return;
      lastSeen.current.set(id, v.ts);
      const t = v.ts / 1000;
      if (t <= (data.xs.at(-1) ?? 0)) return;
      const row = rows.get(t) ?? new Map<number, HVal>();
      row.set(i, v.val ?? null);
      rows.set(t, row);
    });
    if (rows.size === 0) return;
    const times = [...rows.keys()].sort((a, b) => a - b);
    const xs = [...data.xs, ...times];
    const columns = data.columns.map((column, i) => [
      ...column,
      ...times.map((t) => rows.get(t)?.get(i) ?? null),
    ]);
    setData({ ...data, xs, columns, tailCount: data.tailCount + times.length });
  });

  return { data, error, loading };
}
