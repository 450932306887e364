// A horizontal bar: a value against its maximum, with an optional limit mark (a site limit, a setting).
import { formatNumber } from '../format/value';

export function MeterBar(props: {
  label: string;
  value: number | null;
  max: number | null;
  unit: string;
  limit?: number | null;
  limitLabel?: string;
}) {
  const { label, value, max, unit, limit, limitLabel } = props;
  const top = Math.max(max ?? 0, limit ?? 0, value ?? 0) || 1;
  const pct = (v: number) => `${Math.min(100, Math.max(0, (v / top) * 100))}%`;
  const over = limit !== null && limit !== undefined && value !== null && value > limit;
  return (
    <div class="meter">
      <div class="meter-head">
        <span class="stat-label">{label}</span>
        <span class="meter-value">
          {value === null ? '—' : formatNumber(value)} {unit}
          {max !== null && (
            <span class="muted">
              {' '}
              / {formatNumber(max)} {unit}
            </span>
          )}
        </span>
      </div>
      <meter class="visually-hidden" min={0} max={top} value={value ?? 0} aria-label={label}>
        {value === null ? 'unknown' : formatNumber(value)} {unit}
      </meter>
      <div class="meter-track" aria-hidden="true">
        <div class={over ? 'meter-fill over' : 'meter-fill'} style={{ width: pct(value ?? 0) }} />
        {limit !== null && limit !== undefined && (
          <div
            class="meter-limit"
            style={{ left: pct(limit) }}
            title={`${limitLabel ?? 'Limit'}: ${formatNumber(limit)} ${unit}`}
          />
        )}
      </div>
      {limit !== null && limit !== undefined && (
        <span class="meter-limit-label">
          {limitLabel ?? 'Limit'}: {formatNumber(limit)} {unit}
        </span>
      )}
    </div>
  );
}
