// The audit trail: who changed which point, how, at which level, from what to what, for how long; writes
// refused with their reason; and, for admins, failed and throttled logins (the name tried, no point).
import type { AuditRow } from '../api/site-ops';
import { formatDateTime } from '../format/time';
import { formatValue } from '../format/value';
import { link } from '../state/router';
import { useSite } from '../state/site';

const show = (v: AuditRow['written']) => (v === undefined ? '—' : formatValue(v, {}));

function PointCell({ row }: { row: AuditRow }) {
  // A login row names no point: "login", and the name tried is in the Who column.
  if (row.point === null) return <th scope="row">login</th>;
  const equip = row.point.slice(0, row.point.lastIndexOf('.'));
  return (
    <th scope="row">
      <a href={link('equip', equip, { point: row.point })}>{row.pointDis}</a>
    </th>
  );
}

export function AuditTable({ rows }: { rows: AuditRow[] }) {
  const site = useSite();
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
            <th scope="col">For</th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={`${r.ts}-${i}`}>
              <td class="nowrap">{formatDateTime(r.ts, site.zone)}</td>
              <td>{r.who}</td>
              <PointCell row={r} />
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
              <td class="nowrap">{r.duration === undefined ? '' : formatValue(r.duration, {})}</td>
              <td>{r.note ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
