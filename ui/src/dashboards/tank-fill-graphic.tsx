// A tank filled to its level, with the high and low alarm thresholds marked.
import { formatNumber } from '../format/value';

export function TankFillGraphic(props: {
  level: number | null;
  high: number | null;
  low: number | null;
  label: string;
}) {
  const { level, high, low, label } = props;
  const top = 16;
  const height = 220;
  const y = (pct: number) => top + height - (Math.min(100, Math.max(0, pct)) / 100) * height;
  const outside = level !== null && ((high !== null && level >= high) || (low !== null && level <= low));
  const fill = outside ? '#d97706' : '#3b82c4';
  return (
    <svg
      class="tank-fill"
      viewBox="0 0 240 260"
      role="img"
      aria-label={`${label}: ${level === null ? 'level unknown' : `${formatNumber(level)} % full`}${
        high !== null ? `, high alarm at ${formatNumber(high)} %` : ''
      }${low !== null ? `, low alarm at ${formatNumber(low)} %` : ''}`}
    >
      <defs>
        <clipPath id={`tank-${label.replace(/\W/g, '')}`}>
          <rect x="40" y={top} width="100" height={height} rx="10" />
        </clipPath>
      </defs>
      <rect x="40" y={top} width="100" height={height} rx="10" fill="#eef3f8" />
      {level !== null && (
        <g clip-path={`url(#tank-${label.replace(/\W/g, '')})`}>
          <rect x="40" y={y(level)} width="100" height={top + height - y(level)} fill={fill} opacity="0.85" />
        </g>
      )}
      <rect
        x="40"
        y={top}
        width="100"
        height={height}
        rx="10"
        fill="none"
        stroke="#3d4754"
        stroke-width="3"
      />
      {[
        [high, 'high'],
        [low, 'low'],
      ].map(([v, name]) =>
        v === null ? null : (
          <g key={name as string}>
            <line x1="30" x2="150" y1={y(v as number)} y2={y(v as number)} class="threshold" />
            <text x="154" y={y(v as number) + 4} class="threshold-text">
              {name} {formatNumber(v as number)} %
            </text>
          </g>
        ),
      )}
      {level !== null && (
        <text x="90" y={Math.min(y(level) + 22, top + height - 8)} text-anchor="middle" class="fill-text">
          {formatNumber(level)} %
        </text>
      )}
    </svg>
  );
}
