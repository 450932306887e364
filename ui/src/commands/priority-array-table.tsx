// The point's 17 levels: what each holds, who wrote it, how long a timed override has left (counting down
// every second), and relinquish buttons.
import { useEffect } from 'preact/hooks';
import type { Dict } from '../api/hayson';
import { formatValue } from '../format/value';
import { useNow } from '../live/use-now';
import { levelName } from './levels';
import type { PriorityArray } from './point-commands';

const pad = (n: number) => String(n).padStart(2, '0');

/** `45 s`, `14 min 05 s`, `3 h 59 min`. */
export function formatRemaining(s: number): string {
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${pad(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))} min`;
}

export function PriorityArrayTable(props: {
  array: PriorityArray;
  rec: Dict;
  canRelinquish: (level: number) => boolean;
  busy: boolean;
  onRelinquish: (level: number) => void;
  /** A timed override ran out: the array is to be read again. */
  onExpired: () => void;
}) {
  const { array, rec, canRelinquish, busy, onRelinquish, onExpired } = props;
  const now = useNow(1000);
  const elapsedS = Math.floor(Math.max(0, now - array.readAt) / 1000);
  const remaining = (expiresS: number) => Math.max(0, expiresS - elapsedS);
  const expired = array.levels.some((row) => row.expiresS !== null && remaining(row.expiresS) === 0);
  useEffect(() => {
    if (expired) onExpired();
  }, [expired]);
  return (
    <table class="priority-array stack">
      <caption>Priority array: the most urgent level with a value is in force</caption>
      <thead>
        <tr>
          <th scope="col">Level</th>
          <th scope="col">Value</th>
          <th scope="col">Written by</th>
          <th scope="col">Ends in</th>
          <th scope="col">
            <span class="visually-hidden">Relinquish</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {array.levels.map((row) => {
          const set = row.val !== undefined && row.val !== null;
          const inForce = row.level === array.writeLevel;
          return (
            <tr key={row.level} class={[set ? 'set' : 'empty', inForce ? 'in-force' : ''].join(' ')}>
              <th scope="row">
                {row.level === 17 ? 'def' : row.level}{' '}
                <span class="level-name">
                  {row.level === 17 ? 'relinquish default' : levelName(row.level)}
                </span>
              </th>
              <td>
                {set ? formatValue(row.val, rec) : <span class="muted">—</span>}
                {inForce && <span class="pill tone-active in-force-badge">in force</span>}
              </td>
              <td class="who">{row.who ?? ''}</td>
              <td class="ends-in">{row.expiresS !== null ? formatRemaining(remaining(row.expiresS)) : ''}</td>
              <td>
                {set && row.level < 17 && (
                  <button
                    type="button"
                    class="small"
                    disabled={busy || !canRelinquish(row.level)}
                    onClick={() => onRelinquish(row.level)}
                    aria-label={`Relinquish level ${row.level}`}
                  >
                    Relinquish
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
