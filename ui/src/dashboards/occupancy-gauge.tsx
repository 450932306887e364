// A half-circle gauge of the car park's occupancy: green, amber from 85 %, red from 95 %.
import { formatNumber } from '../format/value';

const R = 80;
const CX = 100;
const CY = 100;

function arc(fraction: number): string {
  const angle = Math.PI * (1 - Math.min(1, Math.max(0, fraction)));
  const x = CX + R * Math.cos(angle);
  const y = CY - R * Math.sin(angle);
  return `M ${CX - R} ${CY} A ${R} ${R} 0 0 1 ${x.toFixed(2)} ${y.toFixed(2)}`;
}

export function OccupancyGauge({ occupied, capacity }: { occupied: number | null; capacity: number | null }) {
  const fraction = occupied !== null && capacity ? occupied / capacity : 0;
  const colour = fraction >= 0.95 ? '#b42318' : fraction >= 0.85 ? '#b7791f' : '#1a7f37';
  const label =
    occupied !== null && capacity
      ? `Occupancy: ${occupied} of ${capacity} spaces taken (${formatNumber(fraction * 100)} %)`
      : 'Occupancy unknown';
  return (
    <svg class="gauge" viewBox="0 0 200 120" role="img" aria-label={label}>
      <path d={arc(1)} fill="none" stroke="#e5e8ec" stroke-width="18" stroke-linecap="round" />
      {fraction > 0 && (
        <path d={arc(fraction)} fill="none" stroke={colour} stroke-width="18" stroke-linecap="round" />
      )}
      <text x={CX} y={CY - 18} text-anchor="middle" class="gauge-big">
        {(fraction * 100).toFixed(1)} %
      </text>
      <text x={CX} y={CY + 8} text-anchor="middle" class="gauge-small">
        {occupied ?? '—'} / {capacity ?? '—'} spaces
      </text>
    </svg>
  );
}
