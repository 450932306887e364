// A labelled figure: a point's value (with unit and tone), large.
import type { ComponentChildren } from 'preact';
import type { LivePoint } from '../live/live-points';
import { textOf, toneOfPoint } from './point-values';

export function Stat({
  label,
  point,
  children,
}: {
  label: string;
  point?: LivePoint;
  children?: ComponentChildren;
}) {
  return (
    <div class="stat">
      <span class="stat-label">{label}</span>
      <span class={`stat-value tone-${toneOfPoint(point)}`}>{children ?? textOf(point)}</span>
    </div>
  );
}

/** A status word in a coloured pill, with its label. */
export function StatusPill({ label, point }: { label: string; point: LivePoint | undefined }) {
  if (!point) return null;
  return (
    <div class="status-pill">
      <span class="stat-label">{label}</span>
      <span class={`pill tone-${toneOfPoint(point)}`}>{textOf(point)}</span>
    </div>
  );
}
