// The chargers' power over the last hour, each and in total, against the site's limit when it is known.
import { useMemo, useState } from 'preact/hooks';
import { num } from '../api/hayson';
import { useSession } from '../state/session-context';
import { type Equip, pointId, useSite } from '../state/site';
import { useAsync, useInterval } from '../state/use-async';
import { readHistory } from '../trends/his-read';
import { colourOf } from '../trends/palette';
import { TrendChart } from '../trends/trend-chart';
import { haystackRange } from '../trends/trend-range';

export function FleetPowerChart({ chargers, limitKw }: { chargers: Equip[]; limitKw: number | null }) {
  const { client } = useSession();
  const site = useSite();
  const ids = chargers.map((c) => pointId(c, 'active-power'));
  const history = useAsync(
    () => readHistory(client, ids, haystackRange('last-hour', Date.now())),
    [client, ids.join(',')],
  );
  useInterval(history.reload, 30_000);
  const [, setBox] = useState({ left: 0, width: 0 });
  const series = useMemo(() => {
    const h = history.data;
    if (!h) return [];
    // Each charger's last known power carried forward, so that the total is defined at every time.
    const last = ids.map(() => 0);
    const total: number[] = [];
    for (let i = 0; i < h.xs.length; i++) {
      h.columns.forEach((col, c) => {
        const v = num(col[i]);
        if (v !== null) last[c] = v;
      });
      total.push(last.reduce((a, b) => a + b, 0));
    }
    return [
      ...chargers.map((c, i) => ({
        label: c.dis,
        unit: 'kW',
        colour: colourOf(i),
        values: (h.columns[i] ?? []).map((v) => num(v)),
      })),
      { label: 'Total', unit: 'kW', colour: '#17202b', values: total },
      ...(limitKw !== null
        ? [{ label: 'Site limit', unit: 'kW', colour: '#b42318', values: h.xs.map(() => limitKw) }]
        : []),
    ];
  }, [history.data, limitKw]);
  if (!history.data)
    return <p class="muted">{history.error ? history.error.message : 'Reading the last hour…'}</p>;
  if (history.data.xs.length === 0) return <p class="muted">No power history in the last hour yet.</p>;
  return (
    <TrendChart
      xs={history.data.xs}
      series={series}
      zone={site.zone}
      view={[history.data.start, Math.max(history.data.end, Date.now() / 1000)]}
      onView={() => {}}
      onPlotBox={setBox}
      height={220}
    />
  );
}
