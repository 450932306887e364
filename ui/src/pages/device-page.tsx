// A device: its dashboard when its profile has one, then every point, live, grouped as in its points list.
import { useState } from 'preact/hooks';
import { isMarker, str } from '../api/hayson';
import { ActionDialog } from '../commands/action-dialog';
import { CommandButton, type CommandKind, commandOf } from '../commands/command-buttons';
import { WriteDialog } from '../commands/write-dialog';
import { PointGroups } from '../components/point-groups';
import { DASHBOARDS } from '../dashboards/registry';
import { type LivePoint, readEquipPoints, useLivePoints } from '../live/live-points';
import { useObservable } from '../state/observable';
import { link } from '../state/router';
import { useSession } from '../state/session-context';
import { useSite } from '../state/site';
import { useAsync } from '../state/use-async';

/** Points whose history can be drawn: everything but commands (the server keeps no history for them). */
export const hasHistory = (p: LivePoint): boolean => isMarker(p.rec.his);

export function DevicePage({ equipId, focusPoint }: { equipId: string; focusPoint: string | undefined }) {
  const site = useSite();
  const { client, live } = useSession();
  const link_ = useObservable(live.link);
  const equip = site.equips.find((e) => e.id === equipId);
  const records = useAsync(() => readEquipPoints(client, equipId), [client, equipId]);
  const points = useLivePoints(records.data);
  const [command, setCommand] = useState<{ kind: CommandKind; id: string } | null>(null);
  const commandPoint = command ? points.list.find((p) => p.id === command.id) : undefined;
  if (!equip) return <p class="error">No equipment {equipId} on this site.</p>;
  const Dashboard = DASHBOARDS[equip.profile];
  const numeric = points.list.filter((p) => hasHistory(p) && str(p.rec.kind) === 'Number');
  return (
    <article class="device-page" aria-labelledby="device-title">
      <header class="page-header">
        <div>
          <h1 id="device-title">{equip.dis}</h1>
          <p class="muted">
            <code>{equip.profile}</code> · BACnet device {String(equip.rec.bacnetDeviceInstance ?? '—')}
            {equip.rec.modbusUnit !== undefined && <> · Modbus unit {String(equip.rec.modbusUnit)}</>}
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
      <PointGroups
        points={points.list}
        linkLost={link_ === 'lost'}
        focusPoint={focusPoint}
        actionsFor={(p) => (
          <>
            <CommandButton point={p} onOpen={(kind) => setCommand({ kind, id: p.id })} />
            {hasHistory(p) && (
              <a class="button small" href={link('trends', { ids: p.id })} aria-label={`Trend ${p.name}`}>
                Trend
              </a>
            )}
          </>
        )}
      />
      {command?.kind === 'write' && commandPoint && (
        <WriteDialog point={commandPoint} onClose={() => setCommand(null)} />
      )}
      {command?.kind === 'action' && commandPoint && (
        <ActionDialog point={commandPoint} equipName={equip.dis} onClose={() => setCommand(null)} />
      )}
    </article>
  );
}
