// Haystack filters over the site's records, with `->` following refs between records. Parsing and
// evaluation are haystack-core's, on the records a tag index cannot rule out (filter-index.ts); a comparison
// haystack-core cannot make (numbers of unlike units) is false, as the Haystack filter spec says.

import { type HDict, HFilter, type HRef } from 'haystack-core';
import type { FilterNodeData } from './filter-index.js';
import { OpError } from './grids.js';
import type { HaystackRecord, SiteRecords } from './records.js';

export type Resolve = (ref: HRef) => HDict | undefined;

type FilterNode = ReturnType<typeof HFilter.parse>;

function parse(text: string): FilterNode {
  try {
    return HFilter.parse(text);
  } catch (err) {
    throw new OpError(`cannot read filter '${text}': ${(err as Error).message}`);
  }
}

/** A predicate for `text`; a filter that does not parse is an OpError (an error grid). */
export function compileFilter(text: string | FilterNode): (dict: HDict, resolve: Resolve) => boolean {
  const node = typeof text === 'string' ? parse(text) : text;
  return (dict, resolve) => {
    try {
      return HFilter.eval(node, { dict, resolve });
    } catch {
      return false;
    }
  };
}

/** Records matching `text`, at most `limit`, in site order. */
export function readByFilter(
  records: SiteRecords,
  text: string,
  limit: number,
): Array<{ record: HaystackRecord; dict: HDict }> {
  const node = parse(text);
  const matches = compileFilter(node);
  // Each record's dict is built once per read, whether it is matched or followed by `->`.
  const cache = new Map<string, HDict>();
  const dictOf = (record: HaystackRecord) => {
    let dict = cache.get(record.id);
    if (!dict) {
      dict = records.dict(record);
      cache.set(record.id, dict);
    }
    return dict;
  };
  const resolve: Resolve = (ref) => {
    const record = records.byId.get(ref.value);
    return record ? dictOf(record) : undefined;
  };
  const found: Array<{ record: HaystackRecord; dict: HDict }> = [];
  // Only the records the tag index cannot rule out are evaluated, in site order.
  const candidates = records.index.candidates(node.toJSON() as FilterNodeData);
  const count = candidates === null ? records.all.length : candidates.length;
  for (let i = 0; i < count && found.length < limit; i++) {
    const record = records.all[candidates === null ? i : (candidates[i] as number)] as HaystackRecord;
    const dict = dictOf(record);
    if (matches(dict, resolve)) found.push({ record, dict });
  }
  return found;
}
