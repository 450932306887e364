// The hot-water tank cut open: its layers coloured by temperature (top, middle, bottom), the heater glowing
// while it heats, the setpoint beside it.
import { formatNumber } from '../format/value';
import { temperatureColour } from './temperature-colour';

export interface Layer {
  name: string;
  celsius: number | null;
}

export function StratificationGraphic(props: { layers: Layer[]; setpoint: number | null; heating: boolean }) {
  const { layers, setpoint, heating } = props;
  const top = 20;
  const height = 240;
  const each = height / Math.max(1, layers.length);
  const description = layers
    .map((l) => `${l.name} ${l.celsius === null ? 'unknown' : `${formatNumber(l.celsius)} °C`}`)
    .join(', ');
  return (
    <svg
      class="stratification"
      viewBox="0 0 260 300"
      role="img"
      aria-label={`Tank layers: ${description}; setpoint ${setpoint === null ? 'unknown' : `${formatNumber(setpoint)} °C`}${heating ? '; heating' : ''}`}
    >
      <defs>
        <clipPath id="tank-shape">
          <rect x="30" y={top} width="110" height={height} rx="40" />
        </clipPath>
      </defs>
      <g clip-path="url(#tank-shape)">
        {layers.map((l, i) => (
          <rect
            key={l.name}
            x="30"
            y={top + i * each}
            width="110"
            height={each + 1}
            fill={temperatureColour(l.celsius)}
          />
        ))}
      </g>
      <rect
        x="30"
        y={top}
        width="110"
        height={height}
        rx="40"
        fill="none"
        stroke="#3d4754"
        stroke-width="3"
      />
      <path
        d={`M 50 ${top + height - 22} q 10 -12 20 0 t 20 0 t 20 0 t 20 0`}
        fill="none"
        stroke={heating ? '#f97316' : '#6b7785'}
        stroke-width={heating ? 5 : 3}
        class={heating ? 'heater on' : 'heater'}
      />
      {layers.map((l, i) => (
        <g key={l.name}>
          <line
            x1="140"
            x2="156"
            y1={top + i * each + each / 2}
            y2={top + i * each + each / 2}
            stroke="#3d4754"
          />
          <text x="160" y={top + i * each + each / 2 - 3} class="layer-name">
            {l.name}
          </text>
          <text x="160" y={top + i * each + each / 2 + 15} class="layer-temp">
            {l.celsius === null ? '—' : `${formatNumber(l.celsius)} °C`}
          </text>
        </g>
      ))}
      {setpoint !== null && (
        <text x="85" y={top + height + 28} text-anchor="middle" class="layer-name">
          setpoint {formatNumber(setpoint)} °C
        </text>
      )}
    </svg>
  );
}
