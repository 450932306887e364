// The site tree (site → equipment → points) with search by name or by Haystack filter.
import { useState } from 'preact/hooks';
import { useRoute } from '../state/router';
import { useSite } from '../state/site';
import { EquipNode } from './equip-node';
import { TreeSearch, type TreeSearchState } from './tree-search';
import { TreeSearchResults } from './tree-search-results';

export function SiteTree() {
  const site = useSite();
  const route = useRoute();
  const [search, setSearch] = useState<TreeSearchState>({ mode: 'name', text: '' });
  const currentEquip = route.parts[0] === 'equip' ? route.parts[1] : undefined;
  const currentPoint = route.params.get('point') ?? undefined;
  return (
    <div class="site-tree">
      <TreeSearch value={search} onChange={setSearch} />
      {search.text.trim() !== '' ? (
        <TreeSearchResults search={search} />
      ) : (
        <nav aria-label="Equipment">
          <a class="tree-site" href="#/">
            {site.dis}
          </a>
          <ul class="tree">
            {site.equips.map((equip) => (
              <EquipNode
                key={equip.id}
                equip={equip}
                current={equip.id === currentEquip}
                currentPoint={currentPoint}
              />
            ))}
          </ul>
        </nav>
      )}
    </div>
  );
}
