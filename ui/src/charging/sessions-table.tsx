// The charging back end's sessions (`chargingSessions`): open ones first, read again every few seconds,
// filtered by charge point; an open session's Stop (operators and admins) sends RemoteStopTransaction.
import { useRef, useState } from 'preact/hooks';
import { type ChargingSession, readSessions, remoteStop } from '../api/charging-ops';
import { formatDateTime } from '../format/time';
import { useNow } from '../live/use-now';
import { canInvoke } from '../state/role';
import { useSession } from '../state/session-context';
import { useSite } from '../state/site';
import { useAsync, useInterval } from '../state/use-async';
import { ChargePointName } from './charge-point-name';
import { formatDuration, formatEnergy, openFirst } from './session-format';

export const SESSIONS_REFRESH_MS = 3000;

/** `chargePoint`: one charge point's sessions only (no filter shown); `backend`: its OCPP Backend Status. */
export function SessionsTable({ chargePoint, backend }: { chargePoint?: string; backend: string | null }) {
  const { client, role } = useSession();
  const site = useSite();
  const now = useNow(10_000);
  const [filter, setFilter] = useState('');
  const shown = chargePoint ?? filter;
  const sessions = useAsync(() => readSessions(client, shown ? { chargePoint: shown } : {}), [client, shown]);
  useInterval(sessions.reload, SESSIONS_REFRESH_MS);
  // Every charge point seen so far, for the filter (a filtered answer names only one).
  const seen = useRef(new Set<string>());
  for (const s of sessions.data ?? []) seen.current.add(s.chargePoint);
  const [answer, setAnswer] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState<number | null>(null);

  const stop = async (s: ChargingSession) => {
    setBusy(s.id);
    setAnswer(null);
    try {
      const status = await remoteStop(client, s.id);
      setAnswer({ ok: true, text: `Stop of session ${s.id} on ${s.chargePoint}: ${status}.` });
      sessions.reload();
    } catch (err) {
      setAnswer({ ok: false, text: `Stop of session ${s.id} refused: ${(err as Error).message}` });
    } finally {
      setBusy(null);
    }
  };

  const rows = openFirst(sessions.data ?? []);
  const mayStop = canInvoke(role);
  return (
    <div class="sessions">
      {!chargePoint && (
        <div class="toolbar">
          <label for="session-filter">Charger</label>
          <select id="session-filter" value={filter} onChange={(e) => setFilter(e.currentTarget.value)}>
            <option value="">all</option>
            {[...seen.current].sort().map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </div>
      )}
      {sessions.error && (
        <p class="error" role="alert">
          {sessions.error.message}
        </p>
      )}
      {sessions.data && rows.length === 0 && <p class="muted empty-sessions">{emptyText(backend, shown)}</p>}
      {rows.length > 0 && (
        <div class="table-scroll">
          <table class="sessions stack" aria-label="Charging sessions">
            <thead>
              <tr>
                <th scope="col">Start</th>
                <th scope="col">Stop</th>
                <th scope="col">Charger</th>
                <th scope="col">Id tag</th>
                <th scope="col">Energy</th>
                <th scope="col">Duration</th>
                <th scope="col">Stop reason</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <tr key={s.id} data-session={s.id} class={s.open ? 'open' : undefined}>
                  <td class="nowrap">{formatDateTime(s.start, site.zone)}</td>
                  <td class="nowrap">
                    {s.open ? (
                      <span class="pill tone-active">charging</span>
                    ) : s.stop !== null ? (
                      formatDateTime(s.stop, site.zone)
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>
                    <ChargePointName chargePoint={s.chargePoint} />
                    {s.connector !== 1 && <span class="muted"> (connector {s.connector})</span>}
                  </td>
                  <td>
                    <code>{s.idTag}</code>
                  </td>
                  <td class="nowrap num">{formatEnergy(s.energy)}</td>
                  <td class="nowrap num">{formatDuration(s, now)}</td>
                  <td>{s.reason ?? (s.open ? '' : '—')}</td>
                  <td class="actions">
                    {s.open && mayStop && (
                      <button
                        type="button"
                        class="small"
                        disabled={busy !== null}
                        aria-label={`Stop session ${s.id} on ${s.chargePoint}`}
                        onClick={() => void stop(s)}
                      >
                        Stop
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {answer &&
        (answer.ok ? (
          <output class="success">{answer.text}</output>
        ) : (
          <p class="error" role="alert">
            {answer.text}
          </p>
        ))}
    </div>
  );
}

function emptyText(backend: string | null, chargePoint: string): string {
  const whose = chargePoint ? ` of ${chargePoint}` : '';
  if (backend !== null && backend !== 'RUNNING')
    return `No charging session${whose}: the charging back end (the OCPP central system) is not running or is faulted (OCPP Backend Status ${backend}).`;
  return `No charging session${whose} yet: no charge point has started a transaction with the central system.`;
}
