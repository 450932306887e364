// The status of the connector reading a real device (gateway mode), from its equip record's live
// `connStatus`, read again every few seconds while the page is shown; nothing for a simulated device.
import { str } from '../api/hayson';
import { useSession } from '../state/session-context';
import { useAsync, useInterval } from '../state/use-async';

export function ConnectorStatus({ equipId }: { equipId: string }) {
  const { client } = useSession();
  const equip = useAsync(() => client.read(`id==@${equipId}`, 1), [client, equipId]);
  useInterval(equip.reload, 5000, [equipId]);
  const status = str(equip.data?.[0]?.connStatus);
  if (!status) return null;
  return (
    <>
      {' · '}
      <span class="connector-status">
        connector <span class={`pstatus pstatus-${status}`}>{status}</span>
      </span>
    </>
  );
}
