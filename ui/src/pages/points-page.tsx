// The points a Haystack filter reads, live: a custom watch list (`#/points?filter=…`), as a device page
// shows one device's. Points are named with their device.
import { isMarker, refDis, refId, str } from '../api/hayson';
import { LivePointList, useCommand } from '../components/live-point-list';
import { useLivePoints } from '../live/live-points';
import { useRoute } from '../state/router';
import { useSession } from '../state/session-context';
import { useAsync } from '../state/use-async';

/** The most points one page watches. */
export const WATCH_LIMIT = 2000;

export function PointsPage() {
  const { client } = useSession();
  const filter = useRoute().params.get('filter') ?? '';
  const records = useAsync(
    async () => (filter ? (await client.read(filter, WATCH_LIMIT)).filter((r) => isMarker(r.point)) : []),
    [client, filter],
  );
  const points = useLivePoints(records.data);
  const list = points.list.map((p) => ({ ...p, name: str(p.rec.dis) ?? p.name }));
  const [command, setCommand] = useCommand();
  return (
    <article aria-labelledby="points-title">
      <header class="page-header">
        <div>
          <h1 id="points-title">Watched points</h1>
          <p class="muted">
            <code>{filter || '(no filter)'}</code>
            {records.data &&
              ` · ${records.data.length}${records.data.length === WATCH_LIMIT ? '+' : ''} points, live`}
          </p>
        </div>
      </header>
      {records.error && (
        <p class="error" role="alert">
          {records.error.message}
        </p>
      )}
      {records.data?.length === 0 && <p class="panel">No point matches this filter.</p>}
      <LivePointList
        points={list}
        equipName={(p) => refDis(p.rec.equipRef) ?? refId(p.rec.equipRef) ?? ''}
        command={command}
        onCommand={setCommand}
      />
    </article>
  );
}
