// The alarm transmitter's queue: per account, the reports waiting for a receiver's ACK and the latest one
// delivered (when, to which receiver, which event).
import type { TransmitterAccountRow } from '../api/alarm-report-ops';
import { siaCodeMeaning } from '../format/sia-code-meanings';
import { formatDateTime } from '../format/time';
import { useSite } from '../state/site';

export function TransmitterQueue({ rows }: { rows: TransmitterAccountRow[] }) {
  const site = useSite();
  return (
    <div class="table-scroll">
      <table class="log transmitter-queue">
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col">Waiting</th>
            <th scope="col">Last delivered</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.account}>
              <td>{r.account}</td>
              <td>
                <span class={`pill tone-${r.waiting > 0 ? 'warning' : 'ok'}`}>{r.waiting} waiting</span>
              </td>
              <td>
                {r.lastDeliveredAt === null
                  ? 'Nothing delivered yet'
                  : `${formatDateTime(r.lastDeliveredAt, site.zone)} to ${r.lastReceiver ?? '?'}: ${r.lastCode ?? ''} ${siaCodeMeaning(r.lastCode ?? '') ?? ''}, zone ${r.lastZone ?? ''}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
