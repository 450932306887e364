// The alarm console: what is in alarm, what nobody acknowledged yet, the history; acknowledge one or all.
import { useState } from 'preact/hooks';
import { HaystackError } from '../api/client';
import { type AlarmRow, acknowledgeAlarms, readAlarms } from '../api/site-ops';
import { AlarmTable } from '../components/alarm-table';
import { canInvoke } from '../state/role';
import { link, navigate, useRoute } from '../state/router';
import { useSession } from '../state/session-context';
import { useInterval } from '../state/use-async';

const VIEWS = {
  unacked: { label: 'Unacknowledged', test: (a: AlarmRow) => a.ackedAt === null },
  active: { label: 'Active', test: (a: AlarmRow) => a.clearedAt === null },
  open: { label: 'Open', test: (_a: AlarmRow) => true },
  history: { label: 'History', test: (_a: AlarmRow) => true },
} as const;
type View = keyof typeof VIEWS;

const REFRESH_MS = 3000;

export function AlarmsPage() {
  const { client, role, alarms: summary } = useSession();
  const route = useRoute();
  const view = (route.params.get('view') ?? 'unacked') as View;
  const [rows, setRows] = useState<AlarmRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = async () => {
    try {
      const list = await readAlarms(
        client,
        view === 'history' ? { limit: 500 } : { state: 'open', limit: 1000 },
      );
      setRows(list.rows);
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  useInterval(() => void load(), REFRESH_MS, [view, client]);

  const acknowledge = async (ids: number[]) => {
    setBusy(true);
    setNotice(null);
    try {
      const done = await acknowledgeAlarms(client, ids);
      setNotice(`Acknowledged ${done.rows.length} alarm${done.rows.length === 1 ? '' : 's'}.`);
      await Promise.all([load(), summary.refresh()]);
    } catch (err) {
      setError(err instanceof HaystackError ? err.message : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const shown = (rows ?? []).filter(VIEWS[view]?.test ?? (() => true));
  const unacked = shown.filter((a) => a.ackedAt === null).map((a) => a.alarm);
  const mayAck = canInvoke(role);
  return (
    <article aria-labelledby="alarms-title">
      <header class="page-header">
        <h1 id="alarms-title">Alarms</h1>
        {mayAck && unacked.length > 0 && (
          <button type="button" class="primary" disabled={busy} onClick={() => void acknowledge(unacked)}>
            Acknowledge all {unacked.length} shown
          </button>
        )}
      </header>
      <nav class="tabs" aria-label="Alarm views">
        {(Object.keys(VIEWS) as View[]).map((v) => (
          <a
            key={v}
            href={link('alarms', { view: v })}
            aria-current={v === view ? 'page' : undefined}
            onClick={(e) => {
              e.preventDefault();
              navigate(link('alarms', { view: v }), true);
            }}
          >
            {VIEWS[v].label}
            {rows && v !== 'history' && (
              <span class="count">{(rows ?? []).filter(VIEWS[v].test).length}</span>
            )}
          </a>
        ))}
      </nav>
      {notice && <output class="success">{notice}</output>}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <section class="panel">
        {!rows && !error && <p class="muted">Reading alarms…</p>}
        {rows && shown.length === 0 && <p class="muted">No alarm here.</p>}
        {shown.length > 0 && (
          <AlarmTable alarms={shown} canAck={mayAck} busy={busy} onAck={(id) => void acknowledge([id])} />
        )}
      </section>
    </article>
  );
}
