// Adds a point to the trend: search by name among the points with history.
import { useState } from 'preact/hooks';
import { matchesWords, pointIndex } from '../state/point-index';
import { useSession } from '../state/session-context';
import { useSite } from '../state/site';
import { useAsync } from '../state/use-async';

const SHOWN = 8;

export function PointPicker({ chosen, onAdd }: { chosen: string[]; onAdd: (id: string) => void }) {
  const { client } = useSession();
  const site = useSite();
  const [text, setText] = useState('');
  const index = useAsync(() => pointIndex(client), [client]);
  const equipName = (id: string) => site.equips.find((e) => e.id === id)?.dis ?? id;
  const hits =
    text.trim() === ''
      ? []
      : (index.data ?? [])
          .filter((p) => p.his && !chosen.includes(p.id) && matchesWords(p.haystack, text))
          .slice(0, SHOWN);
  return (
    <div class="point-picker">
      <label for="trend-add">Add a point</label>
      <input
        id="trend-add"
        type="search"
        placeholder="Name, e.g. tank top temperature"
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
        aria-describedby="trend-add-hint"
      />
      <span id="trend-add-hint" class="visually-hidden">
        Matching points are listed below as buttons.
      </span>
      {hits.length > 0 && (
        <ul class="picker-hits" aria-label="Matching points">
          {hits.map((p) => (
            <li key={p.id}>
              <button
                type="button"
                onClick={() => {
                  onAdd(p.id);
                  setText('');
                }}
              >
                {p.name} <span class="muted">{equipName(p.equipId)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {text.trim() !== '' && hits.length === 0 && index.data && (
        <p class="muted">No point with history matches.</p>
      )}
    </div>
  );
}
