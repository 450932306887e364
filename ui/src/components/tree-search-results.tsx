// What the tree's search found: equipment and points by name, or the records a Haystack filter reads.
import { type Dict, isMarker, refId, str } from '../api/hayson';
import { formatValue } from '../format/value';
import { matchesWords, pointIndex } from '../state/point-index';
import { link } from '../state/router';
import { useSession } from '../state/session-context';
import { useSite } from '../state/site';
import { useAsync } from '../state/use-async';
import type { TreeSearchState } from './tree-search';

const LIMIT = 200;

interface Hit {
  id: string;
  label: string;
  detail: string;
  href: string;
}

export function TreeSearchResults({ search }: { search: TreeSearchState }) {
  const { client } = useSession();
  const site = useSite();
  const equipName = (id: string) => site.equips.find((e) => e.id === id)?.dis ?? id;

  const result = useAsync(async (): Promise<Hit[]> => {
    const text = search.text.trim();
    if (search.mode === 'filter') {
      const rows = await client.read(text, LIMIT);
      return rows.map((rec) => hitOfRecord(rec, equipName));
    }
    const equips = site.equips
      .filter((e) => matchesWords(`${e.dis} ${e.id} ${e.profile}`.toLowerCase(), text))
      .map((e) => ({ id: e.id, label: e.dis, detail: e.profile, href: link('equip', e.id) }));
    const points = (await pointIndex(client))
      .filter((p) => matchesWords(p.haystack, text))
      .map((p) => ({
        id: p.id,
        label: p.name,
        detail: equipName(p.equipId),
        href: link('equip', p.equipId, { point: p.id }),
      }));
    return [...equips, ...points].slice(0, LIMIT);
  }, [search.mode, search.text, client]);

  return (
    <section class="search-results" aria-live="polite" aria-label="Search results">
      {result.loading && <p class="muted">Searching…</p>}
      {result.error && (
        <p class="error" role="alert">
          {result.error.message}
        </p>
      )}
      {result.data && !result.loading && (
        <>
          <p class="muted">
            {result.data.length === 0
              ? 'Nothing found.'
              : `${result.data.length}${result.data.length === LIMIT ? '+' : ''} found`}
          </p>
          {search.mode === 'filter' && result.data.length > 0 && (
            <p>
              <a class="button small" href={link('points', { filter: search.text.trim() })}>
                Watch the points live
              </a>
            </p>
          )}
          <ul class="hits">
            {result.data.map((hit) => (
              <li key={hit.id}>
                <a href={hit.href}>
                  <span class="hit-label">{hit.label}</span>
                  <span class="hit-detail">{hit.detail}</span>
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function hitOfRecord(rec: Dict, equipName: (id: string) => string): Hit {
  const id = refId(rec.id) ?? '';
  if (isMarker(rec.point)) {
    const equipId = refId(rec.equipRef) ?? '';
    return {
      id,
      label: str(rec.navName) ?? str(rec.dis) ?? id,
      detail: `${equipName(equipId)} · ${formatValue(rec.curVal, rec)}`,
      href: link('equip', equipId, { point: id }),
    };
  }
  if (isMarker(rec.equip))
    return { id, label: str(rec.dis) ?? id, detail: str(rec.profile) ?? 'equip', href: link('equip', id) };
  return { id, label: str(rec.dis) ?? id, detail: 'site', href: '#/' };
}
