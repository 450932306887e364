// Alarm counts beside "Alarms" in the header: a red badge while some alarm waits for an acknowledgement
// (a visual cue, no sound), with the numbers spelled out for screen readers.
import { useObservable } from '../state/observable';
import { useSession } from '../state/session-context';

export function AlarmCounts() {
  const { alarms } = useSession();
  const counts = useObservable(alarms.counts);
  if (!counts) return null;
  const { active, unacked } = counts;
  const label = `${active} active, ${unacked} unacknowledged`;
  return (
    <span class="alarm-counts" title={label}>
      <span class="visually-hidden">{label}</span>
      <span aria-hidden="true" class={active > 0 ? 'count-badge active' : 'count-badge'}>
        {active}
      </span>
      {unacked > 0 && (
        <span aria-hidden="true" class="count-badge unacked">
          {unacked} new
        </span>
      )}
    </span>
  );
}
