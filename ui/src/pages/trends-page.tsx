// Trends: several points over a range from history, zoom and pan, a live tail, booleans and enums as bands.
// The route holds the choice (`#/trends?ids=a,b&range=today`), so a trend can be bookmarked and shared.
import { useMemo, useState } from 'preact/hooks';
import { type Dict, type HVal, refId, str } from '../api/hayson';
import { toneOf } from '../format/trouble';
import { boolWords, enumChoices, formatValue } from '../format/value';
import { link, navigate, useRoute } from '../state/router';
import { useSession } from '../state/session-context';
import { useSite } from '../state/site';
import { useAsync } from '../state/use-async';
import { numbers } from '../trends/his-read';
import { bandColourOf, colourOf, TONE_BAND_COLOURS } from '../trends/palette';
import { PointPicker } from '../trends/point-picker';
import { RangePicker } from '../trends/range-picker';
import { type BandSeries, StateBands } from '../trends/state-bands';
import { type NumericSeries, TrendChart } from '../trends/trend-chart';
import { haystackRange, type RangeChoice, reachesNow } from '../trends/trend-range';
import { TrendToolbar } from '../trends/trend-toolbar';
import { useTrendData } from '../trends/use-trend-data';

export function TrendsPage() {
  const route = useRoute();
  const site = useSite();
  const { client } = useSession();
  const ids = (route.params.get('ids') ?? '').split(',').filter(Boolean);
  const choice = (route.params.get('range') ?? 'today') as RangeChoice;
  const from = route.params.get('from') ?? undefined;
  const to = route.params.get('to') ?? undefined;
  const [liveOn, setLiveOn] = useState(true);
  // The range string is fixed when the choice is made, so that "last hour" does not move at every render.
  const range = useMemo(() => haystackRange(choice, Date.now(), from, to), [choice, from, to]);
  const live = liveOn && reachesNow(choice);

  const records = useAsync(() => client.readByIds(ids), [ids.join(','), client]);
  const { data, error, loading } = useTrendData(ids, range, live);
  const [zoomed, setZoomed] = useState<[number, number] | null>(null);
  const [plotBox, setPlotBox] = useState({ left: 60, width: 600 });

  const go = (next: { ids?: string[]; range?: string; from?: string; to?: string }) => {
    setZoomed(null);
    navigate(
      link('trends', {
        ids: (next.ids ?? ids).join(','),
        range: next.range ?? choice,
        from: next.range === undefined || next.range === 'dates' ? (next.from ?? from) : undefined,
        to: next.range === undefined || next.range === 'dates' ? (next.to ?? to) : undefined,
      }),
    );
  };

  const recs = records.data ?? [];
  const { numeric, bands } = useMemo(() => splitSeries(ids, recs, data?.columns ?? []), [data, records.data]);
  const nowS = Date.now() / 1000;
  // Samples stop now (or at the range's end); a live view widens with time.
  const end = data ? Math.min(data.end, Math.max(nowS, data.xs.at(-1) ?? 0)) : 0;
  const viewEnd = data ? (live ? Math.max(data.end, nowS) : data.end) : 1;
  const full: [number, number] = data ? [data.start, Math.max(viewEnd, data.start + 60)] : [0, 1];
  const view = zoomed ?? full;

  return (
    <article aria-labelledby="trends-title" class="trends-page">
      <header class="page-header">
        <h1 id="trends-title">Trends</h1>
        <RangePicker choice={choice} from={from} to={to} onChange={(r) => go(r)} />
      </header>
      <section class="panel">
        <ul class="trend-points" aria-label="Points in the trend">
          {ids.map((id, i) => {
            const rec = recs[i];
            return (
              <li key={id}>
                <span class="swatch" style={{ background: colourOf(i) }} aria-hidden="true" />
                <a href={link('equip', refId(rec?.equipRef) ?? '', { point: id })}>
                  {rec ? str(rec.dis) : id}
                </a>
                <button
                  type="button"
                  class="small"
                  aria-label={`Remove ${rec ? str(rec.dis) : id}`}
                  onClick={() => go({ ids: ids.filter((x) => x !== id) })}
                >
                  ✕
                </button>
              </li>
            );
          })}
        </ul>
        <PointPicker chosen={ids} onAdd={(id) => go({ ids: [...ids, id] })} />
      </section>
      {ids.length === 0 ? (
        <section class="panel">
          <p>
            Add points above, or open a device and choose <strong>Trend</strong> beside a point.
          </p>
          <p class="muted">{site.equips.length} devices on this site.</p>
        </section>
      ) : (
        <section class="panel" aria-label="Chart">
          <TrendToolbar
            view={view}
            full={full}
            zoomed={zoomed !== null}
            live={liveOn}
            canLive={reachesNow(choice)}
            onView={(v) => setZoomed(v)}
            onReset={() => setZoomed(null)}
            onLive={setLiveOn}
            samples={data?.xs.length ?? 0}
            tail={data?.tailCount ?? 0}
          />
          {error && (
            <p class="error" role="alert">
              {error.message}
            </p>
          )}
          {loading && !data && <p class="muted">Reading history…</p>}
          {data && (
            <>
              <TrendChart
                xs={data.xs}
                series={numeric}
                zone={site.zone}
                view={view}
                onView={setZoomed}
                onPlotBox={setPlotBox}
              />
              {bands.length > 0 && (
                <StateBands
                  xs={data.xs}
                  bands={bands}
                  view={view}
                  end={end}
                  plotBox={plotBox}
                  zone={site.zone}
                />
              )}
              {data.xs.length === 0 && <p class="muted">No history in this range yet.</p>}
            </>
          )}
        </section>
      )}
    </article>
  );
}

/** Numbers become chart lines; booleans and enums become bands. */
function splitSeries(ids: string[], recs: (Dict | null)[], columns: HVal[][]) {
  const numeric: NumericSeries[] = [];
  const bands: BandSeries[] = [];
  ids.forEach((id, i) => {
    const rec = recs[i];
    const column = columns[i] ?? [];
    if (!rec) return;
    const label = str(rec.dis) ?? id;
    const kind = str(rec.kind);
    if (kind === 'Number')
      numeric.push({ label, unit: str(rec.unit), colour: colourOf(i), values: numbers(column) });
    else {
      const words =
        kind === 'Bool' ? boolWords(rec) : (enumChoices(rec) ?? [...new Set(column.map((v) => String(v)))]);
      const colours = words.map(
        (w, n) => TONE_BAND_COLOURS[toneOf(kind === 'Bool' ? n === 1 : w, rec)] ?? bandColourOf(n),
      );
      bands.push({ label, words, colours, wordOf: (v) => formatValue(v, rec), values: column });
    }
  });
  return { numeric, bands };
}
