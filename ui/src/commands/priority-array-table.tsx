// The point's 17 levels: what each holds, who wrote it, when a timed override ends, and relinquish buttons.
import type { Dict } from '../api/hayson';
import { formatValue } from '../format/value';
import { levelName } from './levels';
import type { PriorityArray } from './point-commands';

function formatRemaining(s: number): string {
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

export function PriorityArrayTable(props: {
  array: PriorityArray;
  rec: Dict;
  canRelinquish: (level: number) => boolean;
  busy: boolean;
  onRelinquish: (level: number) => void;
}) {
  const { array, rec, canRelinquish, busy, onRelinquish } = props;
  return (
    <table class="priority-array">
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
              <td>{row.who ?? ''}</td>
              <td>{row.expiresS !== null ? formatRemaining(row.expiresS) : ''}</td>
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
