// The chargers' recent sessions, from the event log: arrivals, starts, ends and why.
import { type EventRow, readEvents } from '../api/site-ops';
import { formatDateTime } from '../format/time';
import { useSession } from '../state/session-context';
import { type Equip, useSite } from '../state/site';
import { useAsync, useInterval } from '../state/use-async';

const SESSION_KINDS = /^(session|vehicle|charging|rfid)/;

export function SessionLog({ chargers, limit = 12 }: { chargers: Equip[]; limit?: number }) {
  const { client } = useSession();
  const site = useSite();
  const ids = new Set(chargers.map((c) => c.id));
  const events = useAsync(async () => {
    const rows = await readEvents(client, { range: 'today', limit: 1000 });
    return rows.filter((e: EventRow) => ids.has(e.equip) && SESSION_KINDS.test(e.kind)).slice(0, limit);
  }, [client, chargers.length]);
  useInterval(events.reload, 15_000);
  if (events.error) return <p class="error">{events.error.message}</p>;
  if (!events.data) return <p class="muted">Reading sessions…</p>;
  if (events.data.length === 0) return <p class="muted">No session today yet.</p>;
  return (
    <ul class="session-log">
      {events.data.map((e, i) => (
        <li key={`${e.ts}-${i}`}>
          <span class="muted nowrap">{formatDateTime(e.ts, site.zone)}</span> <strong>{e.equipDis}</strong>{' '}
          <span class="pill tone-neutral">{e.kind}</span> {e.message}
        </li>
      ))}
    </ul>
  );
}
