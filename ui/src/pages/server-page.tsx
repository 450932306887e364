// The server itself: the parking server's own measurements and statuses, its commands (backup, report…),
// the cluster of nodes it belongs to (if any), the interfaces it runs with their status, the backups and
// reports to download, and (admins) the users.
import { useState } from 'preact/hooks';
import { num } from '../api/hayson';
import { ActionDialog } from '../commands/action-dialog';
import { CommandButton } from '../commands/command-buttons';
import { ClusterPanel } from '../components/cluster-panel';
import { FilesPanel } from '../components/files-panel';
import { InterfacesPanel } from '../components/interfaces-panel';
import { Sparkline } from '../components/sparkline';
import { UsersPanel } from '../components/users-panel';
import { Stat, StatusPill } from '../dashboards/stat';
import { readEquipPoints, useLivePoints } from '../live/live-points';
import { useSession } from '../state/session-context';
import { equipsOf, pointId, useSite } from '../state/site';
import { useAsync, useInterval } from '../state/use-async';
import { readHistory } from '../trends/his-read';
import { haystackRange } from '../trends/trend-range';

const METRICS: [string, string][] = [
  ['server-cpu-usage', 'CPU'],
  ['server-memory-usage', 'Memory'],
  ['database-response-time', 'Database latency'],
  ['api-request-rate', 'API requests'],
  ['connected-devices', 'Connected devices'],
];

const STATUSES: [string, string][] = [
  ['server-status', 'Server'],
  ['database-status', 'Database'],
  ['bms-integration-status', 'BMS integration'],
  ['payment-gateway-status', 'Payment gateway'],
  ['ocpp-backend-status', 'OCPP back end'],
  ['cluster-status', 'Cluster'],
  ['backup-status', 'Backup'],
  ['license-status', 'Licence'],
  ['security-alert', 'Security alert'],
];

const ACTIONS = ['database-backup', 'report-generation', 'notification-send', 'integration-sync'];

export function ServerPage() {
  const site = useSite();
  const { client, role } = useSession();
  const server = equipsOf(site, 'parking-management-server')[0];
  const records = useAsync(
    () => (server ? readEquipPoints(client, server.id) : Promise.resolve([])),
    [client, server?.id],
  );
  const points = useLivePoints(records.data);
  const metricIds = server ? METRICS.map(([key]) => pointId(server, key)) : [];
  const history = useAsync(
    () =>
      server ? readHistory(client, metricIds, haystackRange('last-hour', Date.now())) : Promise.resolve(null),
    [client, server?.id],
  );
  useInterval(history.reload, 30_000);
  const [action, setAction] = useState<string | null>(null);
  const actionPoint = action ? points.get(action) : undefined;

  return (
    <article aria-labelledby="server-title">
      <header class="page-header">
        <div>
          <h1 id="server-title">Server</h1>
          <p class="muted">{server ? server.dis : 'This site has no parking management server.'}</p>
        </div>
      </header>
      {server && (
        <>
          <section class="metric-grid" aria-label="Measurements">
            {METRICS.map(([key, label], i) => (
              <div class="panel metric" key={key}>
                <Stat label={label} point={points.get(key)} />
                <Sparkline label={label} values={(history.data?.columns[i] ?? []).map((v) => num(v))} />
              </div>
            ))}
          </section>
          <div class="grid-2">
            <section class="panel">
              <h2>Statuses</h2>
              <div class="pills">
                {STATUSES.map(([key, label]) => (
                  <StatusPill key={key} label={label} point={points.get(key)} />
                ))}
              </div>
              {/* An ISO text read like every time on screen: in the site's zone, the epoch as "never". */}
              <Stat label="Last backup" point={points.get('last-backup-time')} />
            </section>
            <section class="panel">
              <h2>Commands</h2>
              <ul class="command-list">
                {ACTIONS.map((key) => {
                  const p = points.get(key);
                  return p ? (
                    <li key={key}>
                      <CommandButton point={p} onOpen={() => setAction(key)} />
                      <span>{p.name}</span>
                    </li>
                  ) : null;
                })}
              </ul>
            </section>
          </div>
        </>
      )}
      <ClusterPanel />
      <InterfacesPanel />
      <FilesPanel />
      {role === 'admin' && <UsersPanel />}
      {actionPoint && server && (
        <ActionDialog point={actionPoint} equipName={server.dis} onClose={() => setAction(null)} />
      )}
    </article>
  );
}
