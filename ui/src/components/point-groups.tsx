// A device's points in three tables: sensors, commands, status (the points list's own grouping).
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { isMarker } from '../api/hayson';
import type { LivePoint } from '../live/live-points';
import { useNow } from '../live/use-now';
import { PointRow } from './point-row';

const GROUPS: [string, string][] = [
  ['sensor', 'Sensors'],
  ['cmd', 'Commands'],
  ['status', 'Status'],
];

function groupOf(p: LivePoint): string {
  for (const [tag] of GROUPS) if (isMarker(p.rec[tag])) return tag;
  return 'other';
}

export function PointGroups(props: {
  points: LivePoint[];
  linkLost: boolean;
  focusPoint: string | undefined;
  actionsFor: (p: LivePoint) => ComponentChildren;
}) {
  const { points, linkLost, focusPoint, actionsFor } = props;
  const now = useNow();
  useEffect(() => {
    if (focusPoint) document.getElementById(`point-${focusPoint}`)?.scrollIntoView({ block: 'center' });
  }, [focusPoint, points.length > 0]);
  const groups = [...GROUPS, ['other', 'Other points'] as [string, string]]
    .map(([tag, title]) => ({ tag, title, points: points.filter((p) => groupOf(p) === tag) }))
    .filter((g) => g.points.length > 0);
  return (
    <>
      {groups.map((g) => (
        <section key={g.tag} class="panel point-group" aria-labelledby={`group-${g.tag}`}>
          <h2 id={`group-${g.tag}`}>
            {g.title} <span class="count">{g.points.length}</span>
          </h2>
          <div class="table-scroll">
            <table class="points stack">
              <thead>
                <tr>
                  <th scope="col">Point</th>
                  <th scope="col">Value</th>
                  <th scope="col">Status</th>
                  <th scope="col">Addresses</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {g.points.map((p) => (
                  <PointRow
                    key={p.id}
                    point={p}
                    now={now}
                    linkLost={linkLost}
                    focused={p.id === focusPoint}
                    actions={actionsFor(p)}
                  />
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </>
  );
}
