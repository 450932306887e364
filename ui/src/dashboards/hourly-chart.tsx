// Today hour by hour: arrivals and exits as bars, revenue since midnight as a line on its own axis.
// The figures are also in a table (collapsed) for screen readers and for reading exact numbers.
import { formatAxisTime } from '../format/time';
import { formatNumber } from '../format/value';
import type { HourlyTotals } from './hourly-totals';

const W = 720;
const H = 220;
const PAD = { left: 40, right: 56, top: 12, bottom: 26 };

const niceMax = (n: number) => {
  if (n <= 0) return 1;
  const step = 10 ** Math.floor(Math.log10(n));
  return Math.ceil(n / step) * step;
};

export function HourlyChart({
  totals,
  zone,
  currency,
}: {
  totals: HourlyTotals;
  zone: string | undefined;
  currency: string;
}) {
  const n = totals.hours.length || 24;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const maxCount = niceMax(
    Math.max(0, ...totals.arrivals.map((v) => v ?? 0), ...totals.exits.map((v) => v ?? 0)),
  );
  const maxRevenue = niceMax(Math.max(0, ...totals.revenue.map((v) => v ?? 0)));
  const slot = plotW / n;
  const bar = Math.max(2, slot * 0.36);
  const y = (v: number, max: number) => PAD.top + plotH - (v / max) * plotH;
  const hourLabel = (t: number) => formatAxisTime(t * 1000, false, zone);
  const line = totals.revenue
    .map((v, i) => (v === null ? null : `${PAD.left + slot * (i + 1)},${y(v, maxRevenue).toFixed(1)}`))
    .filter(Boolean)
    .join(' ');
  return (
    <figure class="hourly-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Arrivals, exits and revenue per hour today">
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line
              x1={PAD.left}
              x2={W - PAD.right}
              y1={y(f * maxCount, maxCount)}
              y2={y(f * maxCount, maxCount)}
              class="grid-line"
            />
            <text x={PAD.left - 6} y={y(f * maxCount, maxCount) + 4} text-anchor="end" class="axis-text">
              {formatNumber(f * maxCount)}
            </text>
            <text x={W - PAD.right + 6} y={y(f * maxRevenue, maxRevenue) + 4} class="axis-text">
              {formatNumber(f * maxRevenue)} {currency}
            </text>
          </g>
        ))}
        {totals.hours.map((t, i) => {
          const x = PAD.left + slot * i + slot / 2;
          const a = totals.arrivals[i];
          const e = totals.exits[i];
          return (
            <g key={t}>
              {a !== null && a !== undefined && (
                <rect
                  x={x - bar}
                  y={y(a, maxCount)}
                  width={bar}
                  height={PAD.top + plotH - y(a, maxCount)}
                  class="bar-arrivals"
                />
              )}
              {e !== null && e !== undefined && (
                <rect
                  x={x}
                  y={y(e, maxCount)}
                  width={bar}
                  height={PAD.top + plotH - y(e, maxCount)}
                  class="bar-exits"
                />
              )}
              {i % 3 === 0 && (
                <text x={x} y={H - 8} text-anchor="middle" class="axis-text">
                  {hourLabel(t)}
                </text>
              )}
            </g>
          );
        })}
        {line && <polyline points={line} class="revenue-line" />}
      </svg>
      <figcaption class="chart-legend">
        <span>
          <span class="swatch bar-arrivals-swatch" aria-hidden="true" /> Arrivals
        </span>
        <span>
          <span class="swatch bar-exits-swatch" aria-hidden="true" /> Exits
        </span>
        <span>
          <span class="swatch revenue-swatch" aria-hidden="true" /> Revenue since midnight ({currency}, right
          axis)
        </span>
      </figcaption>
      <details class="figures">
        <summary>Figures per hour</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Hour</th>
              <th scope="col">Arrivals</th>
              <th scope="col">Exits</th>
              <th scope="col">Revenue since midnight</th>
            </tr>
          </thead>
          <tbody>
            {totals.hours.map((t, i) =>
              totals.exits[i] === null ? null : (
                <tr key={t}>
                  <th scope="row">{hourLabel(t)}</th>
                  <td>{totals.arrivals[i]}</td>
                  <td>{totals.exits[i]}</td>
                  <td>
                    {formatNumber(totals.revenue[i] ?? 0)} {currency}
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
