// The audit trail (every write, who and how) and the event log (what the devices did), with filters.
// Filters live in the route, so a filtered view can be bookmarked.
import { readAudit, readEvents } from '../api/site-ops';
import { AuditTable } from '../components/audit-table';
import { EventTable } from '../components/event-table';
import { LogFilters, type LogFilterValues } from '../components/log-filters';
import { link, navigate, useRoute } from '../state/router';
import { useSession } from '../state/session-context';
import { useAsync, useInterval } from '../state/use-async';

type Tab = 'audit' | 'events';
const TABS: [Tab, string][] = [
  ['audit', 'Audit trail'],
  ['events', 'Events'],
];

export function LogPage() {
  const { client } = useSession();
  const { params } = useRoute();
  const tab: Tab = params.get('tab') === 'events' ? 'events' : 'audit';
  const filters: LogFilterValues = {
    equip: params.get('equip') ?? '',
    text: params.get('text') ?? '',
    range: params.get('range') ?? '',
    limit: Number(params.get('limit') ?? 200),
  };
  const go = (t: Tab, f: LogFilterValues) =>
    navigate(
      link('log', {
        tab: t,
        equip: f.equip,
        text: f.text,
        range: f.range,
        limit: f.limit === 200 ? undefined : String(f.limit),
      }),
      true,
    );

  const common = {
    id: filters.equip || undefined,
    range: filters.range || undefined,
    limit: filters.limit,
  };
  const key = [tab, filters.equip, filters.text, filters.range, filters.limit];
  const audit = useAsync(
    () =>
      tab === 'audit'
        ? readAudit(client, { ...common, who: filters.text || undefined })
        : Promise.resolve([]),
    key,
  );
  const events = useAsync(
    () =>
      tab === 'events'
        ? readEvents(client, { ...common, kind: filters.text || undefined })
        : Promise.resolve([]),
    key,
  );
  // New entries come in while the page is open: read again now and then.
  useInterval(() => (tab === 'audit' ? audit.reload() : events.reload()), 5000, key);
  const current = tab === 'audit' ? audit : events;
  const kinds = [...new Set((events.data ?? []).map((e) => e.kind))].sort();

  return (
    <article aria-labelledby="log-title">
      <header class="page-header">
        <h1 id="log-title">Audit &amp; events</h1>
      </header>
      <nav class="tabs" aria-label="Logs">
        {TABS.map(([t, label]) => (
          <a
            key={t}
            href={link('log', { tab: t })}
            aria-current={t === tab ? 'page' : undefined}
            onClick={(e) => {
              e.preventDefault();
              go(t, { ...filters, text: '' });
            }}
          >
            {label}
          </a>
        ))}
      </nav>
      <section class="panel">
        <LogFilters
          value={filters}
          textLabel={tab === 'audit' ? 'User' : 'Kind'}
          textOptions={tab === 'events' ? kinds : undefined}
          onChange={(f) => go(tab, f)}
        />
        {current.error && (
          <p class="error" role="alert">
            {current.error.message}
          </p>
        )}
        {!current.data && !current.error && <p class="muted">Reading…</p>}
        {current.data && current.data.length === 0 && <p class="muted">Nothing matches these filters.</p>}
        {tab === 'audit' && audit.data && audit.data.length > 0 && <AuditTable rows={audit.data} />}
        {tab === 'events' && events.data && events.data.length > 0 && <EventTable rows={events.data} />}
      </section>
    </article>
  );
}
