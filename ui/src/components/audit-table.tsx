// The audit trail: who changed which point, how, at which level, from what to what.
import type { AuditRow } from '../api/site-ops';
import { formatDateTime } from '../format/time';
import { formatValue } from '../format/value';
import { link } from '../state/router';
import { useSite } from '../state/site';

const show = (v: AuditRow['written']) => (v === undefined ? '—' : formatValue(v, {}));

export function AuditTable({ rows }: { rows: AuditRow[] }) {
  const site = useSite();
  const equipOf = (point: string) => point.slice(0, point.lastIndexOf('.'));
  return (
    <div class="table-scroll">
      <table class="log">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Point</th>
            <th scope="col">Action</th>
            <th scope="col">Level</th>
            <th scope="col">Written</th>
            <th scope="col">Before → after</th>
            <th scope="col">Via</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={`${r.ts}-${i}`}>
              <td class="nowrap">{formatDateTime(r.ts, site.zone)}</td>
              <td>{r.who}</td>
              <th scope="row">
                <a href={link('equip', equipOf(r.point), { point: r.point })}>{r.pointDis}</a>
              </th>
              <td>{r.action}</td>
              <td>{r.level ?? '—'}</td>
              <td>{show(r.written)}</td>
              <td class="nowrap">
                {show(r.before)} → {show(r.after)}
              </td>
              <td class="muted">
                {r.via}
                {r.remote ? ` ${r.remote}` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
