// Booleans and enums over time as bands of colour, one row per point, under the chart and on its time axis.
import type { HVal } from '../api/hayson';
import { formatDateTime } from '../format/time';
import { bandColourOf } from './palette';

export interface BandSeries {
  label: string;
  /** The point's words in order (FALSE/TRUE words of a Bool, the choices of an enum). */
  words: string[];
  /** A colour per word, in the order of `words`. */
  colours: string[];
  /** Text of a sample (a Bool's word, an enum's choice). */
  wordOf: (v: HVal) => string;
  values: HVal[];
}

interface Segment {
  from: number;
  to: number;
  word: string;
}

const MAX_SEGMENTS = 3000;

/** Runs of the same word, from one sample to the next (the last one up to `end`). */
function segmentsOf(xs: number[], band: BandSeries, end: number): Segment[] {
  const out: Segment[] = [];
  for (let i = 0; i < xs.length; i++) {
    const v = band.values[i];
    if (v === null || v === undefined) continue;
    const word = band.wordOf(v);
    const last = out.at(-1);
    const t = xs[i] as number;
    if (last) last.to = t;
    if (last?.word === word) continue;
    out.push({ from: t, to: end, word });
  }
  const last = out.at(-1);
  if (last) last.to = Math.max(last.from, end);
  return out.length > MAX_SEGMENTS ? out.slice(-MAX_SEGMENTS) : out;
}

export function StateBands(props: {
  xs: number[];
  bands: BandSeries[];
  view: [number, number];
  /** Right end of the data: now for a live range, else the range's end. */
  end: number;
  plotBox: { left: number; width: number };
  zone: string | undefined;
}) {
  const { xs, bands, view, end, plotBox, zone } = props;
  const [v0, v1] = view;
  const span = Math.max(1e-9, v1 - v0);
  const pct = (t: number) => ((Math.min(Math.max(t, v0), v1) - v0) / span) * 100;
  return (
    <div class="state-bands">
      {bands.map((band) => {
        const segments = segmentsOf(xs, band, end).filter((s) => s.to > v0 && s.from < v1);
        return (
          <div class="band-row" key={band.label}>
            <div class="band-label" style={{ marginLeft: `${plotBox.left}px` }}>
              {band.label}
            </div>
            <div
              class="band-track"
              style={{ marginLeft: `${plotBox.left}px`, width: `${plotBox.width}px` }}
              role="img"
              aria-label={`${band.label} over time`}
            >
              {segments.map((s) => {
                const left = pct(s.from);
                const width = pct(s.to) - left;
                const i = band.words.indexOf(s.word);
                const colour = i < 0 ? bandColourOf(band.words.length) : (band.colours[i] as string);
                return (
                  <div
                    key={s.from}
                    class="band"
                    style={{ left: `${left}%`, width: `${width}%`, background: colour }}
                    title={`${s.word}: ${formatDateTime(s.from * 1000, zone)} – ${formatDateTime(s.to * 1000, zone)}`}
                  >
                    {width > 8 ? s.word : ''}
                  </div>
                );
              })}
            </div>
            <ul
              class="band-legend"
              style={{ marginLeft: `${plotBox.left}px` }}
              aria-label={`${band.label} states`}
            >
              {band.words.map((w, i) => (
                <li key={w}>
                  <span class="swatch" style={{ background: band.colours[i] }} aria-hidden="true" />
                  {w}
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </div>
  );
}
