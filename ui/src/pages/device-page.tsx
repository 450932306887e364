// A device: its dashboard when its profile has one, then every point, live, grouped as in its points list.
import { str } from '../api/hayson';
import { deviceIdOf } from '../charging/charge-point-device';
import { commandOf } from '../commands/command-buttons';
import { ConnectorStatus } from '../components/connector-status';
import { hasHistory, LivePointList, useCommand } from '../components/live-point-list';
import { DASHBOARDS } from '../dashboards/registry';
import { deviceNumbersOf } from '../format/device-numbers';
import { readEquipPoints, useLivePoints } from '../live/live-points';
import { link } from '../state/router';
import { useSession } from '../state/session-context';
import { useSite } from '../state/site';
import { useAsync } from '../state/use-async';

export function DevicePage({ equipId, focusPoint }: { equipId: string; focusPoint: string | undefined }) {
  const site = useSite();
  const { client } = useSession();
  const equip = site.equips.find((e) => e.id === equipId);
  const records = useAsync(() => readEquipPoints(client, equipId), [client, equipId]);
  const points = useLivePoints(records.data);
  const [command, setCommand] = useCommand();
  if (!equip) return <p class="error">No equipment {equipId} on this site.</p>;
  const Dashboard = DASHBOARDS[equip.profile];
  // A device whose points speak OCPP is a charge point, under its device id: its messages and sessions.
  const ocpp = (records.data ?? []).some((r) => r.ocppCur !== undefined || r.ocppWrite !== undefined);
  const numeric = points.list.filter((p) => hasHistory(p) && str(p.rec.kind) === 'Number');
  return (
    <article class="device-page" aria-labelledby="device-title">
      <header class="page-header">
        <div>
          <h1 id="device-title">{equip.dis}</h1>
          <p class="muted">
            <code>{equip.profile}</code>
            {deviceNumbersOf(equip.rec, site.rec).map((n) => (
              <span key={n.label}>
                {' · '}
                {n.label} {n.value}
              </span>
            ))}
            <ConnectorStatus equipId={equipId} />
            {ocpp && (
              <>
                {' · '}
                <a href={link('ev', deviceIdOf(equip, site))}>OCPP messages and sessions</a>
              </>
            )}
          </p>
        </div>
        {numeric.length > 0 && (
          <a
            class="button"
            href={link('trends', {
              ids: numeric
                .slice(0, 4)
                .map((p) => p.id)
                .join(','),
            })}
          >
            Trend
          </a>
        )}
      </header>
      {records.error && (
        <p class="error" role="alert">
          {records.error.message}
        </p>
      )}
      {Dashboard && points.list.length > 0 && (
        <Dashboard
          equip={equip}
          point={points.get}
          onCommand={(key) => {
            const p = points.get(key);
            const kind = p ? commandOf(p) : null;
            if (p && kind) setCommand({ kind, id: p.id });
          }}
        />
      )}
      <LivePointList
        points={points.list}
        focusPoint={focusPoint}
        equipName={() => equip.dis}
        command={command}
        onCommand={setCommand}
      />
    </article>
  );
}
