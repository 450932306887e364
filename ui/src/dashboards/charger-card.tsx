// One charger in the fleet grid: status, power now, the session.
import type { LivePoint } from '../live/live-points';
import { link } from '../state/router';
import type { Equip } from '../state/site';
import { MeterBar } from './meter-bar';
import { maxOf, numberOf, textOf, toneOfPoint } from './point-values';

export function ChargerCard({
  equip,
  point,
}: {
  equip: Equip;
  point: (key: string) => LivePoint | undefined;
}) {
  const status = point('charger-status');
  const power = point('active-power');
  return (
    <article
      class={`charger-card tone-border-${toneOfPoint(status)}`}
      aria-label={`${equip.dis}: ${textOf(status)}`}
    >
      <header>
        <a href={link('equip', equip.id)}>{equip.dis}</a>
        <span class={`pill tone-${toneOfPoint(status)}`}>{textOf(status)}</span>
      </header>
      <MeterBar label="Power" value={numberOf(power)} max={maxOf(power)} unit="kW" />
      <dl class="facts">
        <dt>Session</dt>
        <dd class={`tone-${toneOfPoint(point('session-status'))}`}>{textOf(point('session-status'))}</dd>
        <dt>Energy</dt>
        <dd>{textOf(point('energy-delivered'))}</dd>
        <dt>Duration</dt>
        <dd>{textOf(point('charge-session-duration'))}</dd>
        <dt>Connector</dt>
        <dd class={`tone-${toneOfPoint(point('connector-status'))}`}>{textOf(point('connector-status'))}</dd>
      </dl>
    </article>
  );
}
