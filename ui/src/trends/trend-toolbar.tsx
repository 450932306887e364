// Zoom and pan by buttons (drag on the chart zooms too; these work from the keyboard), and the live tail.
import type { TrendInterval } from './trend-range';

export function TrendToolbar(props: {
  view: [number, number];
  full: [number, number];
  zoomed: boolean;
  live: boolean;
  canLive: boolean;
  onView: (view: [number, number]) => void;
  onReset: () => void;
  onLive: (on: boolean) => void;
  samples: number;
  tail: number;
  /** The interval the samples are averages over, or null for every sample. */
  interval: TrendInterval | null;
}) {
  const { view, full, zoomed, live, canLive, onView, onReset, onLive, samples, tail, interval } = props;
  const [a, b] = view;
  const span = b - a;
  const zoom = (factor: number) => {
    const mid = (a + b) / 2;
    const half = Math.max(30, (span * factor) / 2);
    onView([Math.max(full[0], mid - half), Math.min(full[1], mid + half)]);
  };
  const pan = (fraction: number) => {
    const shift = Math.max(full[0] - a, Math.min(full[1] - b, span * fraction));
    onView([a + shift, b + shift]);
  };
  return (
    <div class="trend-toolbar" role="toolbar" aria-label="Chart view">
      <button type="button" class="small" onClick={() => pan(-0.5)} disabled={a <= full[0]}>
        ◀ Earlier
      </button>
      <button type="button" class="small" onClick={() => zoom(0.5)}>
        Zoom in
      </button>
      <button type="button" class="small" onClick={() => zoom(2)} disabled={!zoomed}>
        Zoom out
      </button>
      <button type="button" class="small" onClick={() => pan(0.5)} disabled={b >= full[1]}>
        Later ▶
      </button>
      <button type="button" class="small" onClick={onReset} disabled={!zoomed}>
        Whole range
      </button>
      <label class="live-toggle">
        <input
          type="checkbox"
          checked={live && canLive}
          disabled={!canLive}
          onChange={(e) => onLive(e.currentTarget.checked)}
        />
        Live tail
      </label>
      <span class="muted samples" aria-live="polite">
        {interval ? `${samples} points (${interval.label} averages)` : `${samples} samples`}
        {tail > 0 ? `, ${tail} live` : ''} · drag on the chart to zoom
      </span>
    </div>
  );
}
