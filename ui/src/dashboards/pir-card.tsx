// One PIR detector as a card: its zone state, alarm, tamper, masking, battery and signal.
import type { LivePoint } from '../live/live-points';
import { link } from '../state/router';
import type { Equip } from '../state/site';
import { boolOf, numberOf, textOf, toneOfPoint } from './point-values';

const FLAGS: [string, string][] = [
  ['alarm-status', 'Alarm'],
  ['tamper-status', 'Tamper'],
  ['masked-status', 'Masked'],
];

export function PirCard({ equip, point }: { equip: Equip; point: (key: string) => LivePoint | undefined }) {
  const status = point('detector-status');
  const battery = numberOf(point('battery-level'));
  const tone = toneOfPoint(status);
  const raised = FLAGS.filter(([key]) => boolOf(point(key)) === true).map(([, label]) => label);
  return (
    <article class={`pir-card tone-border-${tone}`} aria-label={`${equip.dis}: ${textOf(status)}`}>
      <header>
        <a href={link('equip', equip.id)}>{equip.dis}</a>
        <span class={`pill tone-${tone}`}>{textOf(status)}</span>
      </header>
      <ul class="flags" aria-label="Alarm, tamper and masking">
        {raised.length === 0 ? (
          <li class="flag">no alarm, tamper or masking</li>
        ) : (
          raised.map((label) => (
            <li key={label} class="flag on tone-alarm">
              {label}
            </li>
          ))
        )}
      </ul>
      <div class="battery" title={`Battery ${textOf(point('battery-level'))}`}>
        <span class="stat-label">Battery</span>
        <span class="battery-track" aria-hidden="true">
          <span
            class={battery !== null && battery < 20 ? 'battery-fill low' : 'battery-fill'}
            style={{ width: `${battery ?? 0}%` }}
          />
        </span>
        <span>{textOf(point('battery-level'))}</span>
      </div>
      <p class="muted small">
        Signal {textOf(point('signal-level'))} · {textOf(point('detection-count'))} detections
      </p>
    </article>
  );
}
