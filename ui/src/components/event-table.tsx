// The event log: what happened on the devices, newest first.
import type { EventRow } from '../api/site-ops';
import { formatDateTime } from '../format/time';
import { link } from '../state/router';
import { useSite } from '../state/site';

export function EventTable({ rows }: { rows: EventRow[] }) {
  const site = useSite();
  return (
    <div class="table-scroll">
      <table class="log">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Device</th>
            <th scope="col">Kind</th>
            <th scope="col">What happened</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={`${r.ts}-${i}`}>
              <td class="nowrap">{formatDateTime(r.ts, site.zone)}</td>
              <td>
                <a href={link('equip', r.equip, r.point ? { point: r.point } : {})}>{r.equipDis}</a>
              </td>
              <td>
                <span class="pill tone-neutral">{r.kind}</span>
              </td>
              <td>{r.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
