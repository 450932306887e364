// Every point's id, name and equipment, read once per session for the search by name.
import type { HaystackClient } from '../api/client';
import { isMarker, refId, str } from '../api/hayson';

export interface IndexedPoint {
  id: string;
  name: string;
  equipId: string;
  /** Haystack kind: Number, Bool or Str. */
  kind: string;
  /** The server keeps its history (every point but commands). */
  his: boolean;
  /** Lower-case "equipment name point name id" to match against. */
  haystack: string;
}

const cache = new WeakMap<HaystackClient, Promise<IndexedPoint[]>>();

export function pointIndex(client: HaystackClient): Promise<IndexedPoint[]> {
  let index = cache.get(client);
  if (!index) {
    index = client.read('point').then((rows) =>
      rows.map((rec) => {
        const id = refId(rec.id) ?? '';
        const name = str(rec.navName) ?? str(rec.dis) ?? id;
        return {
          id,
          name,
          equipId: refId(rec.equipRef) ?? '',
          kind: str(rec.kind) ?? '',
          his: isMarker(rec.his),
          haystack: `${str(rec.dis) ?? ''} ${id}`.toLowerCase(),
        };
      }),
    );
    index.catch(() => cache.delete(client));
    cache.set(client, index);
  }
  return index;
}

/** True when every word of `query` is in `text` (lower case). */
export function matchesWords(text: string, query: string): boolean {
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => text.includes(word));
}
