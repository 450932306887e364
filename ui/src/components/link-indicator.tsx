// Whether live values are live: a dot and a word, for everyone (colour is never the only cue).
import type { LinkState } from '../live/live-watch';

const TEXT: Record<LinkState, string> = { connecting: 'connecting', live: 'live', lost: 'link lost' };

export function LinkIndicator({ state }: { state: LinkState }) {
  return (
    <output class={`link link-${state}`} title="Live values from the Haystack watch">
      <span class="dot" aria-hidden="true" />
      {TEXT[state]}
    </output>
  );
}
