// Hooks over the session's live watch.
import { createContext } from 'preact';
import { useContext, useEffect, useReducer } from 'preact/hooks';
import type { LiveValue, LiveWatch } from './live-watch';

export const LiveContext = createContext<LiveWatch | null>(null);

export function useLiveWatch(): LiveWatch {
  const watch = useContext(LiveContext);
  if (!watch) throw new Error('useLiveWatch outside a session');
  return watch;
}

/** Watches `ids` while the component is shown; re-renders when one of them changes. */
export function useLive(ids: readonly string[]): (id: string) => LiveValue | undefined {
  const watch = useLiveWatch();
  const [, bump] = useReducer((n: number) => n + 1, 0);
  const key = ids.join('\n');
  useEffect(() => {
    const wanted = new Set(ids);
    const stopWatching = watch.watch([...wanted]);
    const stopListening = watch.onChange((changed) => {
      for (const id of changed)
        if (wanted.has(id)) {
          bump(0);
          return;
        }
    });
    return () => {
      stopListening();
      stopWatching();
    };
  }, [watch, key]);
  return (id) => watch.get(id);
}
