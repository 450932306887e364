// A small line of recent values (no axes): the shape of the last hour beside a live figure.
export function Sparkline({ values, label }: { values: (number | null)[]; label: string }) {
  const ys = values.filter((v): v is number => v !== null);
  if (ys.length < 2)
    return (
      <svg
        class="sparkline"
        viewBox="0 0 100 28"
        role="img"
        aria-label={`${label}: not enough history yet`}
      />
    );
  const min = Math.min(...ys);
  const max = Math.max(...ys);
  const span = max - min || 1;
  const step = 100 / (ys.length - 1);
  const points = ys
    .map((y, i) => `${(i * step).toFixed(1)},${(26 - ((y - min) / span) * 24).toFixed(1)}`)
    .join(' ');
  return (
    <svg
      class="sparkline"
      viewBox="0 0 100 28"
      preserveAspectRatio="none"
      role="img"
      aria-label={`${label}, last hour: from ${min} to ${max}`}
    >
      <polyline
        points={points}
        fill="none"
        stroke="currentColor"
        stroke-width="1.5"
        vector-effect="non-scaling-stroke"
      />
    </svg>
  );
}
