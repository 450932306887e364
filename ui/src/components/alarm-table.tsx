// Alarms as a table: when, which point, the value that raised it, severity, where it stands, acknowledge.
import type { AlarmRow } from '../api/site-ops';
import { formatDateTime, formatTime } from '../format/time';
import { formatValue } from '../format/value';
import { link } from '../state/router';
import { useSite } from '../state/site';

/** Where an alarm stands: its condition (in alarm, or normal again since when) and its acknowledgement. */
function Standing({ a, zone }: { a: AlarmRow; zone: string | undefined }) {
  return (
    <>
      {a.clearedAt === null ? (
        <span class="pill tone-alarm">In alarm</span>
      ) : (
        <span class="pill tone-ok">Normal since {formatTime(a.clearedAt, zone)}</span>
      )}
      <span class={a.ackedAt === null ? 'ack unacked' : 'ack'}>
        {a.ackedAt === null
          ? 'Not acknowledged'
          : `Acknowledged by ${a.ackedBy ?? '?'} at ${formatTime(a.ackedAt, zone)}`}
      </span>
    </>
  );
}

export function AlarmTable(props: {
  alarms: AlarmRow[];
  canAck: boolean;
  busy: boolean;
  onAck: (alarm: number) => void;
}) {
  const { alarms, canAck, busy, onAck } = props;
  const { zone } = useSite();
  return (
    <div class="table-scroll">
      <table class="alarms stack">
        <thead>
          <tr>
            <th scope="col">Raised</th>
            <th scope="col">Point</th>
            <th scope="col">Value</th>
            <th scope="col">Severity</th>
            <th scope="col">State</th>
            <th scope="col">
              <span class="visually-hidden">Acknowledge</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {alarms.map((a) => (
            <tr
              key={a.alarm}
              data-alarm={a.alarm}
              class={[a.ackedAt === null ? 'unacked' : '', a.clearedAt === null ? 'in-alarm' : ''].join(' ')}
            >
              <td class="nowrap">{formatDateTime(a.raisedAt, zone)}</td>
              <th scope="row">
                {a.source === null ? (
                  <a href={link('equip', a.equip, { point: a.point })}>{a.pointDis}</a>
                ) : (
                  <span class="reported" title={`Reported by ${a.source}`}>
                    {a.pointDis}
                  </span>
                )}
              </th>
              <td>{formatValue(a.val, {})}</td>
              <td>
                <span class={`pill tone-${a.severity === 'warning' ? 'warning' : 'alarm'}`}>
                  {a.severity}
                </span>
              </td>
              <td class="standing">
                <Standing a={a} zone={zone} />
              </td>
              <td class="actions">
                {a.ackedAt === null && (
                  <button
                    type="button"
                    class="small"
                    disabled={!canAck || busy}
                    title={canAck ? undefined : 'A viewer cannot acknowledge alarms'}
                    aria-label={`Acknowledge ${a.pointDis}`}
                    onClick={() => onAck(a.alarm)}
                  >
                    Acknowledge
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
