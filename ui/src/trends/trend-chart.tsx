// Numeric series drawn with uPlot: one y scale per unit (the first two with an axis), times in the site's
// zone. It always shows the `view` it is given; a drag on it asks for a new one (zoom).
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { formatAxisTime, formatDateTime } from '../format/time';
import { formatNumber } from '../format/value';

export interface NumericSeries {
  label: string;
  unit: string | null;
  colour: string;
  values: (number | null)[];
}

export interface TrendChartProps {
  xs: number[];
  series: NumericSeries[];
  zone: string | undefined;
  /** The x range to show, epoch seconds (changes of it re-frame the chart). */
  view: [number, number];
  onView: (view: [number, number]) => void;
  /** Where the plotting area is inside the chart (CSS px), for what is drawn under it. */
  onPlotBox: (box: { left: number; width: number }) => void;
  height?: number;
}

const scaleOf = (s: NumericSeries) => s.unit ?? '–';

const plotBox = (u: uPlot) => ({
  left: u.bbox.left / devicePixelRatio,
  width: u.bbox.width / devicePixelRatio,
});

function options(props: TrendChartProps, width: number): uPlot.Options {
  const { series, zone } = props;
  const units = [...new Set(series.map(scaleOf))];
  const axes: uPlot.Axis[] = [
    {
      stroke: '#3d4754',
      grid: { stroke: '#e3e7ec' },
      ticks: { stroke: '#d8dee6' },
      values: (u, splits) => {
        const span = (u.scales.x?.max ?? 0) - (u.scales.x?.min ?? 0);
        return splits.map((s) => formatAxisTime(s * 1000, span > 2 * 86400, zone));
      },
    },
    ...units.slice(0, 2).map(
      (unit, i): uPlot.Axis => ({
        scale: unit,
        side: i === 0 ? 3 : 1,
        label: unit === '–' ? '' : unit,
        stroke: '#3d4754',
        grid: { show: i === 0, stroke: '#e3e7ec' },
        ticks: { stroke: '#d8dee6' },
        size: 60,
      }),
    ),
  ];
  return {
    width,
    height: props.height ?? 340,
    ...(zone ? { tzDate: (ts: number) => uPlot.tzDate(new Date(ts * 1000), zone) } : {}),
    scales: { x: { time: true }, ...Object.fromEntries(units.map((u) => [u, { auto: true }])) },
    cursor: {
      drag: { x: true, y: false, setScale: false },
      // uPlot's double-click would rescale to the data by itself; the toolbar's "Whole range" does that.
      bind: { dblclick: () => () => null },
    },
    legend: { live: true },
    series: [
      { label: 'Time', value: (_u, v) => (v == null ? '—' : formatDateTime(v * 1000, zone)) },
      ...series.map(
        (s): uPlot.Series => ({
          label: s.label,
          scale: scaleOf(s),
          stroke: s.colour,
          width: 1.5,
          spanGaps: true,
          points: { show: false },
          value: (_u, v) => (v == null ? '—' : `${formatNumber(v)}${s.unit ? ` ${s.unit}` : ''}`),
        }),
      ),
    ],
    axes,
    hooks: {
      ready: [(u) => props.onPlotBox(plotBox(u))],
      setSize: [(u) => props.onPlotBox(plotBox(u))],
      // A drag selects a time span: it becomes the view (the chart only ever shows `view`).
      setSelect: [
        (u) => {
          const { left, width } = u.select;
          if (width < 2) return;
          props.onView([u.posToVal(left, 'x'), u.posToVal(left + width, 'x')]);
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
        },
      ],
    },
  };
}

export function TrendChart(props: TrendChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const latest = useRef(props);
  latest.current = props;
  // The chart is built again when the set of series changes; data and view changes update it in place.
  const shape = props.series.map((s) => `${s.label}|${s.unit}|${s.colour}`).join('\n');

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const data = [props.xs, ...props.series.map((s) => s.values)] as uPlot.AlignedData;
    const u = new uPlot(
      options(
        {
          ...props,
          onView: (v) => latest.current.onView(v),
          onPlotBox: (b) => latest.current.onPlotBox(b),
        },
        el.clientWidth || 600,
      ),
      data,
      el,
    );
    u.setScale('x', { min: props.view[0], max: props.view[1] });
    chart.current = u;
    const resize = new ResizeObserver(() => u.setSize({ width: el.clientWidth, height: u.height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      chart.current = null;
    };
  }, [shape, props.zone]);

  useEffect(() => {
    const u = chart.current;
    if (!u) return;
    u.setData([props.xs, ...props.series.map((s) => s.values)] as uPlot.AlignedData, false);
    u.setScale('x', { min: props.view[0], max: props.view[1] });
  }, [props.xs, props.series, props.view[0], props.view[1]]);

  return <div class="trend-chart" ref={host} />;
}
