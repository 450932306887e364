// Haystack filters over the site's records, with `->` following refs between records: parsed by
// haystack-core, evaluated as Haxall does (filter-eval.ts) on the records a tag index cannot rule out
// (filter-index.ts).

import { type HDict, HFilter } from 'haystack-core';
import { compileNode, type FilterNode, type Predicate, type Resolve } from './filter-eval.js';
import type { FilterNodeData } from './filter-index.js';
import { OpError } from './grids.js';
import type { HaystackRecord, SiteRecords } from './records.js';

function parse(text: string): FilterNode {
  try {
    return HFilter.parse(text) as unknown as FilterNode;
  } catch (err) {
    throw new OpError(`cannot read filter '${text}': ${(err as Error).message}`);
  }
}

/** A predicate for `text`; a filter that does not parse is an OpError (an error grid). */
export function compileFilter(text: string | FilterNode): Predicate {
  return compileNode(typeof text === 'string' ? parse(text) : text);
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
