// The tree's search box: by name (as you type) or by Haystack filter (on Enter).
import { useState } from 'preact/hooks';

export interface TreeSearchState {
  mode: 'name' | 'filter';
  text: string;
}

export function TreeSearch({
  value,
  onChange,
}: {
  value: TreeSearchState;
  onChange: (value: TreeSearchState) => void;
}) {
  const [draft, setDraft] = useState(value.text);
  const submit = (event: Event) => {
    event.preventDefault();
    onChange({ ...value, text: draft });
  };
  const setMode = (mode: TreeSearchState['mode']) => {
    onChange({ mode, text: mode === 'name' ? draft : value.text });
  };
  return (
    <form class="tree-search" aria-label="Search the site" onSubmit={submit}>
      <fieldset class="segmented">
        <legend class="visually-hidden">Search by</legend>
        {(['name', 'filter'] as const).map((mode) => (
          <label key={mode} class={value.mode === mode ? 'selected' : ''}>
            <input
              type="radio"
              name="tree-search-mode"
              value={mode}
              checked={value.mode === mode}
              onChange={() => setMode(mode)}
            />
            {mode === 'name' ? 'Name' : 'Haystack filter'}
          </label>
        ))}
      </fieldset>
      <label for="tree-search-text" class="visually-hidden">
        {value.mode === 'name' ? 'Search by name' : 'Haystack filter'}
      </label>
      <input
        id="tree-search-text"
        type="search"
        spellcheck={false}
        placeholder={value.mode === 'name' ? 'Search by name…' : 'e.g. point and temp and unit=="°C"'}
        value={draft}
        onInput={(e) => {
          setDraft(e.currentTarget.value);
          if (value.mode === 'name') onChange({ ...value, text: e.currentTarget.value });
          else if (e.currentTarget.value === '') onChange({ ...value, text: '' });
        }}
      />
    </form>
  );
}
