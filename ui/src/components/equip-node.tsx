// One equipment in the site tree: a link to its page and, opened, its points (read with `nav`).
import { useEffect, useState } from 'preact/hooks';
import { type Dict, gridOf, refId, str } from '../api/hayson';
import { link } from '../state/router';
import { useSession } from '../state/session-context';
import type { Equip } from '../state/site';

export function EquipNode(props: { equip: Equip; current: boolean; currentPoint: string | undefined }) {
  const { equip, current, currentPoint } = props;
  const { client } = useSession();
  const [open, setOpen] = useState(current);
  const [points, setPoints] = useState<Dict[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  // The device shown is opened in the tree, and closed again when another is shown.
  useEffect(() => setOpen(current), [current]);
  useEffect(() => {
    if (!open || points) return;
    client
      .op('nav', gridOf([{ navId: equip.id }]))
      .then((grid) => setPoints(grid.rows))
      .catch((err: Error) => setError(err.message));
  }, [open, points, client, equip.id]);

  const listId = `tree-${equip.id}`;
  return (
    <li class={current ? 'tree-equip current' : 'tree-equip'}>
      <div class="tree-row">
        <button
          type="button"
          class="tree-twist"
          aria-expanded={open}
          aria-controls={listId}
          aria-label={`${open ? 'Close' : 'Open'} ${equip.dis}`}
          onClick={() => setOpen(!open)}
        >
          {open ? '▾' : '▸'}
        </button>
        <a href={link('equip', equip.id)} aria-current={current && !currentPoint ? 'page' : undefined}>
          {equip.dis}
        </a>
      </div>
      {open && (
        <ul id={listId} class="tree-points">
          {error && <li class="error">{error}</li>}
          {!points && !error && <li class="muted">Loading…</li>}
          {points?.map((p) => {
            const id = refId(p.id) ?? '';
            return (
              <li key={id}>
                <a
                  href={link('equip', equip.id, { point: id })}
                  aria-current={id === currentPoint ? 'page' : undefined}
                >
                  {str(p.navName) ?? str(p.dis) ?? id}
                </a>
              </li>
            );
          })}
        </ul>
      )}
    </li>
  );
}
