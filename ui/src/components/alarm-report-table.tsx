// The alarm receiver's log: one row per event received, newest first — when (in the site's zone), account,
// zone, code with its meaning, text, the frame's line, receiver and sequence, and how it came.
import type { ReceivedReportRow } from '../api/alarm-report-ops';
import { siaCodeMeaning, siaCodeTone } from '../format/sia-code-meanings';
import { formatDateTime } from '../format/time';
import { useSite } from '../state/site';

export function AlarmReportTable({ rows }: { rows: ReceivedReportRow[] }) {
  const site = useSite();
  return (
    <div class="table-scroll">
      <table class="log alarm-reports">
        <thead>
          <tr>
            <th scope="col">Received</th>
            <th scope="col">Account</th>
            <th scope="col">Zone</th>
            <th scope="col">Event</th>
            <th scope="col">Text</th>
            <th scope="col">Line</th>
            <th scope="col">Sequence</th>
            <th scope="col">From</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.receivedAt}-${r.account}-${r.sequence}-${r.code}-${r.zone}`}>
              <td class="nowrap">
                {formatDateTime(r.receivedAt, site.zone)}
                {r.eventTime !== null && (
                  <span class="muted"> (sent {formatDateTime(r.eventTime, site.zone)})</span>
                )}
              </td>
              <td>{r.account}</td>
              <td>{r.zone}</td>
              <td>
                <span class={`pill tone-${siaCodeTone(r.code)}`}>{r.code}</span>{' '}
                {siaCodeMeaning(r.code) ?? 'Unknown code'}
              </td>
              <td>{r.text}</td>
              <td class="nowrap">
                {r.line}
                {r.receiver !== null && <span class="muted"> {r.receiver}</span>}
              </td>
              <td>{String(r.sequence).padStart(4, '0')}</td>
              <td class="nowrap">
                {r.transport.toUpperCase()} {r.remote}
                {r.encrypted && <span class="muted"> encrypted</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
