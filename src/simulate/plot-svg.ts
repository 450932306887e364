// Trends of one device over a run as an SVG picture: one panel per point, numbers as lines, booleans and
// enums as steps between their words, local time on the x axis. Long series are reduced to the min and max
// of each pixel column, so that a 100 ms signal's spikes still show. No dependencies: plain SVG text.

import type { Point } from '../points/model.js';
import { LocalTime } from '../util/local-time.js';

export interface PlotSeries {
  point: Point;
  /** Times (epoch ms) and numeric values (booleans 0/1, enums their index), in time order. */
  t: number[];
  v: number[];
}

export interface PlotOptions {
  title: string;
  subtitle: string;
  start: number;
  end: number;
  tz: string;
}

const WIDTH = 1200;
const LEFT = 270;
const RIGHT = 24;
const PANEL = 92;
const GAP = 18;
const TOP = 64;
const PLOT_W = WIDTH - LEFT - RIGHT;
const COLOURS = ['#0b6bcb', '#c2410c', '#15803d', '#7c3aed', '#b91c1c', '#0e7490', '#a16207', '#be185d'];

const esc = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
const fmt = (n: number) =>
  Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2);

/** Min and max per pixel column: at most 2 × PLOT_W points, spikes kept. */
function reduce(s: PlotSeries, x: (t: number) => number): Array<[number, number]> {
  if (s.t.length <= PLOT_W * 2) return s.t.map((t, i) => [x(t), s.v[i] as number]);
  const out: Array<[number, number]> = [];
  let column = -1;
  let lo = 0;
  let hi = 0;
  const flush = () => {
    if (column >= 0) out.push([column, lo], [column, hi]);
  };
  s.t.forEach((t, i) => {
    const c = Math.round(x(t));
    const v = s.v[i] as number;
    if (c !== column) {
      flush();
      column = c;
      lo = v;
      hi = v;
    } else {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  });
  flush();
  return out;
}

function panel(s: PlotSeries, index: number, top: number, x: (t: number) => number, end: number): string {
  const { point } = s;
  const colour = COLOURS[index % COLOURS.length] as string;
  const words =
    point.type === 'enum'
      ? (point.enum ?? [])
      : point.type === 'bool' || point.type === 'action'
        ? [point.falseText ?? 'FALSE', point.trueText ?? 'TRUE']
        : null;
  let lo: number;
  let hi: number;
  let dataLo = 0;
  let dataHi = 0;
  if (words) {
    lo = 0;
    hi = Math.max(1, words.length - 1);
  } else {
    // A loop, not Math.min(...v): a day at 100 ms is too many arguments for a call.
    lo = Number.POSITIVE_INFINITY;
    hi = Number.NEGATIVE_INFINITY;
    for (const v of s.v) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (!Number.isFinite(lo)) [lo, hi] = [0, 1];
    [dataLo, dataHi] = [lo, hi];
    if (hi - lo < 1e-9) [lo, hi] = [lo - 1, hi + 1];
    const pad = (hi - lo) * 0.06;
    lo -= pad;
    hi += pad;
  }
  const y = (v: number) => top + PANEL - ((v - lo) / (hi - lo)) * PANEL;
  const points = reduce(s, x);
  // Booleans, enums and numbers that change on events hold their value until the next sample: steps.
  const steps = words !== null || point.update !== 'periodic';
  const path: string[] = [];
  points.forEach(([px, v], i) => {
    const py = y(v).toFixed(1);
    if (i === 0) path.push(`M${px.toFixed(1)},${py}`);
    else if (steps) path.push(`H${px.toFixed(1)}V${py}`);
    else path.push(`L${px.toFixed(1)},${py}`);
  });
  if (steps && points.length > 0) path.push(`H${x(end).toFixed(1)}`);
  const unit = point.unit ? ` (${point.unit})` : '';
  const axis = words
    ? words
        .map(
          (w, i) =>
            `<text x="${LEFT - 6}" y="${(y(i) + 3).toFixed(1)}" class="tick" text-anchor="end">${esc(w)}</text>`,
        )
        .join('')
    : // The data's own lowest and highest values, at their height.
      `<text x="${LEFT - 6}" y="${(y(dataHi) + 4).toFixed(1)}" class="tick" text-anchor="end">${fmt(dataHi)}</text><text x="${LEFT - 6}" y="${(y(dataLo) + 3).toFixed(1)}" class="tick" text-anchor="end">${fmt(dataLo)}</text>`;
  return [
    `<rect x="${LEFT}" y="${top}" width="${PLOT_W}" height="${PANEL}" class="frame"/>`,
    `<text x="12" y="${top + 16}" class="name">${esc(point.name)}${esc(unit)}</text>`,
    `<text x="12" y="${top + 32}" class="kind">${esc(point.kind)}, ${point.update === 'periodic' ? `every ${point.intervalMs} ms` : point.update}</text>`,
    axis,
    `<path d="${path.join('')}" fill="none" stroke="${colour}" stroke-width="1.3"/>`,
  ].join('\n');
}

/** The SVG picture of `series` (one panel each) between `start` and `end`. */
export function renderPlot(series: PlotSeries[], options: PlotOptions): string {
  const { start, end } = options;
  const x = (t: number) => LEFT + ((t - start) / (end - start)) * PLOT_W;
  const height = TOP + series.length * (PANEL + GAP) + 30;
  const local = new LocalTime(options.tz);
  const span = end - start;
  const stepHours = span <= 6 * 3_600_000 ? 1 : span <= 36 * 3_600_000 ? 3 : 24;
  const ticks: string[] = [];
  const firstTick = Math.ceil(start / 3_600_000) * 3_600_000;
  for (let t = firstTick; t <= end; t += 3_600_000) {
    const hour = Math.round(local.hourOfDay(t));
    if (hour % stepHours !== 0) continue;
    const px = x(t).toFixed(1);
    ticks.push(`<line x1="${px}" y1="${TOP}" x2="${px}" y2="${height - 30}" class="grid"/>`);
    const label = stepHours === 24 ? local.dateText(t) : `${String(hour % 24).padStart(2, '0')}:00`;
    ticks.push(`<text x="${px}" y="${height - 12}" class="tick" text-anchor="middle">${label}</text>`);
  }
  const panels = series.map((s, i) => panel(s, i, TOP + i * (PANEL + GAP), x, end));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, sans-serif">
<style>.title{font-size:18px;font-weight:600;fill:#1b1f24}.sub{font-size:12px;fill:#57606a}.name{font-size:13px;font-weight:600;fill:#1b1f24}
.kind{font-size:11px;fill:#57606a}.tick{font-size:10px;fill:#57606a}.frame{fill:#fbfcfd;stroke:#d0d7de}.grid{stroke:#eaeef2}</style>
<rect width="100%" height="100%" fill="#ffffff"/>
<text x="12" y="26" class="title">${esc(options.title)}</text>
<text x="12" y="46" class="sub">${esc(options.subtitle)}</text>
${ticks.join('\n')}
${panels.join('\n')}
</svg>
`;
}
