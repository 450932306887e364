// Whether the charging back end (the site's OCPP central system) runs: the parking server's OCPP Backend
// Status, live (RUNNING while the CSMS listens, STOPPED otherwise); null when the site publishes none.
import type { Dict } from '../api/hayson';
import { wordOf } from '../dashboards/point-values';
import { useLivePoints } from '../live/live-points';
import { useSession } from '../state/session-context';
import { equipsOf, pointId, useSite } from '../state/site';
import { useAsync } from '../state/use-async';

const SERVER_PROFILE = 'parking-management-server';
const STATUS_POINT = 'ocpp-backend-status';

export function useBackendStatus(): string | null {
  const site = useSite();
  const { client } = useSession();
  const server = equipsOf(site, SERVER_PROFILE)[0];
  const records = useAsync<Dict[]>(
    async () =>
      server
        ? (await client.readByIds([pointId(server, STATUS_POINT)])).filter((r): r is Dict => r !== null)
        : [],
    [client, server?.id],
  );
  return wordOf(useLivePoints(records.data).get(STATUS_POINT));
}
