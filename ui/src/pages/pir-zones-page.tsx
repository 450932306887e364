// Every PIR zone at once: detector grid with alarm, tamper and battery; the latest SIA events.
import { readEvents } from '../api/site-ops';
import { PirCard } from '../dashboards/pir-card';
import { formatDateTime } from '../format/time';
import { useProfilePoints } from '../live/profile-points';
import { link } from '../state/router';
import { useSession } from '../state/session-context';
import { useSite } from '../state/site';
import { SIA_INTERFACE, useHasInterface } from '../state/site-interfaces';
import { useAsync, useInterval } from '../state/use-async';

export const PIR_PROFILE = 'pir-detector';

export function PirZonesPage() {
  const { client } = useSession();
  const site = useSite();
  const fleet = useProfilePoints(PIR_PROFILE);
  const ids = new Set(fleet.equips.map((e) => e.id));
  const events = useAsync(
    async () =>
      (await readEvents(client, { kind: 'sia', limit: 200 })).filter((e) => ids.has(e.equip)).slice(0, 15),
    [client, ids.size],
  );
  useInterval(events.reload, 10_000);
  const hasReceiver = useHasInterface(SIA_INTERFACE);
  return (
    <article aria-labelledby="pir-title">
      <header class="page-header">
        <h1 id="pir-title">PIR zones</h1>
      </header>
      <section class="pir-grid" aria-label="Detectors">
        {fleet.equips.map((e) => (
          <PirCard key={e.id} equip={e} point={(key) => fleet.point(e.id, key)} />
        ))}
      </section>
      <section class="panel">
        <h2>Latest SIA events</h2>
        {hasReceiver && (
          <p>
            <a href={link('alarm-receiver')}>What the alarm receiver took</a>
          </p>
        )}
        {events.data?.length === 0 && <p class="muted">No SIA event yet.</p>}
        <ul class="session-log">
          {events.data?.map((e, i) => (
            <li key={`${e.ts}-${i}`}>
              <span class="muted nowrap">{formatDateTime(e.ts, site.zone)}</span>{' '}
              <strong>{e.equipDis}</strong> {e.message}
            </li>
          ))}
        </ul>
      </section>
    </article>
  );
}
