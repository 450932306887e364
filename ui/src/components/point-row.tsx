// One point in a device page: name, live value with unit and colour, status and age, addresses, actions.
import type { ComponentChildren } from 'preact';
import { dateTimeMs, isMarker, num, str } from '../api/hayson';
import { addressesOf, addressLabelsOf } from '../format/addresses';
import { formatDateTime } from '../format/time';
import { toneOf } from '../format/trouble';
import { formatAge, formatValue } from '../format/value';
import { currentValue, type LivePoint, recOf } from '../live/live-points';
import { useSite } from '../state/site';
import { PointStatus, ToneText } from './status-badge';

export function PointRow(props: {
  point: LivePoint;
  now: number;
  linkLost: boolean;
  focused: boolean;
  actions: ComponentChildren;
}) {
  const { point, now, linkLost, focused, actions } = props;
  const rec = recOf(point);
  const val = currentValue(point);
  const status = point.live?.status ?? str(rec.curStatus) ?? 'ok';
  const stale = linkLost || status !== 'ok';
  // The server's time of the last change (curTs): the same whoever looks and whenever the page opened.
  const changedAt = point.live ? point.live.ts : dateTimeMs(rec.curTs);
  const { zone, rec: siteRec } = useSite();
  const writeLevel = rec.writeLevel;
  return (
    <tr id={`point-${point.id}`} class={focused ? 'focused' : undefined} data-point={point.id}>
      <th scope="row">
        <span class="point-name">{point.name}</span>
        {str(rec.description) && <span class="point-desc">{str(rec.description)}</span>}
      </th>
      <td class={stale ? 'value stale' : 'value'} data-live={point.live ? '' : undefined}>
        <ToneText tone={toneOf(val, rec)} text={formatValue(val, rec)} />
        {isMarker(rec.writable) && num(writeLevel) !== null && (
          <span class="write-level" title="Priority level in force">
            {num(writeLevel) === 17 ? 'default' : `level ${num(writeLevel)}`}
          </span>
        )}
      </td>
      <td class="age">
        <PointStatus status={status} linkLost={linkLost} />
        {changedAt !== null && (
          <time
            class="muted"
            dateTime={new Date(changedAt).toISOString()}
            title={`Last change ${formatDateTime(changedAt, zone)}`}
          >
            {formatAge(now - changedAt)}
          </time>
        )}
      </td>
      <td class="addresses">
        {addressesOf(rec, addressLabelsOf(siteRec)).map((a) => (
          <span key={a.protocol} class="address">
            <span class="protocol">{a.protocol}</span> {a.address}
          </span>
        ))}
      </td>
      <td class="actions">{actions}</td>
    </tr>
  );
}
