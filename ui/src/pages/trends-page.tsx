// Trends: several points over a range from history, zoom and pan, a live tail, booleans and enums as bands.
// The route holds the choice (`#/trends?ids=a,b&range=today`), so a trend can be bookmarked and shared.
import { useMemo, useState } from 'preact/hooks';
import { type Dict, type HVal, refId, str } from '../api/hayson';
import { toneOf } from '../format/trouble';
import { boolWords, enumChoices, formatValue, unitOfRecord } from '../format/value';
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
import {
  haystackRange,
  MAX_POINTS,
  type RangeChoice,
  rangeSpanMs,
  reachesNow,
  type TrendInterval,
  trendInterval,
  viewRange,
} from '../trends/trend-range';
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

  // A range that may hold more samples than a chart shows is read as averages per interval.
  const interval = trendInterval(rangeSpanMs(choice, from, to));

  const records = useAsync(() => client.readByIds(ids), [ids.join(','), client]);
  const whole = useTrendData(ids, range, live, interval);
  const [zoomed, setZoomed] = useState<[number, number] | null>(null);
  const [plotBox, setPlotBox] = useState({ left: 60, width: 600 });
  // Zoomed into averaged history, the view is read again with a finer interval (or every sample).
  const detailInterval = zoomed ? trendInterval((zoomed[1] - zoomed[0]) * 1000) : null;
  const wantDetail =
    zoomed !== null &&
    whole.data?.interval !== null &&
    whole.data?.interval !== undefined &&
    (detailInterval === null || detailInterval.ms < whole.data.interval.ms);
  const detail = useTrendData(
    wantDetail ? ids : [],
    wantDetail && zoomed ? viewRange(zoomed) : '',
    false,
    detailInterval,
  );
  const detailFits =
    wantDetail &&
    zoomed !== null &&
    detail.data !== null &&
    detail.data.start <= zoomed[0] + 1 &&
    detail.data.end >= zoomed[1] - 1;
  const shown = detailFits ? detail.data : whole.data;
  const { data, error, loading } = whole;

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
  const { numeric, bands } = useMemo(
    () => splitSeries(ids, recs, shown?.columns ?? []),
    [shown, records.data],
  );
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
            samples={shown?.xs.length ?? 0}
            tail={shown?.tailCount ?? 0}
            interval={shown?.interval ?? null}
          />
          {shown?.interval && <RollupNote interval={shown.interval} zoomed={zoomed !== null} />}
          {detail.error && (
            <p class="error" role="alert">
              {detail.error.message}
            </p>
          )}
          {error && (
            <p class="error" role="alert">
              {error.message}
            </p>
          )}
          {loading && !data && <p class="muted">Reading history…</p>}
          {data && (
            <>
              <TrendChart
                xs={(shown ?? data).xs}
                series={numeric}
                zone={site.zone}
                view={view}
                onView={setZoomed}
                onPlotBox={setPlotBox}
              />
              {bands.length > 0 && (
                <StateBands
                  xs={(shown ?? data).xs}
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

/** Says that the chart shows averages, over what, and why. */
function RollupNote({ interval, zoomed }: { interval: TrendInterval; zoomed: boolean }) {
  return (
    <p class="muted rollup-note" role="note">
      Each point is the average of {interval.label} (for booleans and enums, the last state in it): this range
      holds more samples than a chart can show, so the server rolls it up to at most{' '}
      {MAX_POINTS.toLocaleString('en-GB')} points per series. {zoomed ? 'Zoom in further' : 'Zoom in'} for
      finer detail.
    </p>
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
      numeric.push({ label, unit: unitOfRecord(rec), colour: colourOf(i), values: numbers(column) });
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
