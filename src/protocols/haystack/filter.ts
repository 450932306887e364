// Haystack filters over the site's records, with `->` following refs between records: parsed by
// haystack-core, evaluated as Haxall does (filter-eval.ts) on the records a tag index cannot rule out
// (filter-index.ts).

import { HDict, HFilter } from 'haystack-core';
import { compileNode, evaluatesByTags, type Predicate, type Resolve, type TagSource } from './filter-eval.js';
import { checkFilterText, checkFilterTree } from './filter-limits.js';
import type { FilterNode } from './filter-node.js';
import { OpError } from './grids.js';
import type { HaystackRecord, SiteRecords } from './records.js';

/** Quoted in error messages up to this many characters. */
const QUOTED = 200;

/** The parsed filter, within FILTER_LIMITS; an OpError when it does not parse or is past a limit. */
function parse(text: string): FilterNode {
  checkFilterText(text);
  let node: FilterNode;
  try {
    node = HFilter.parse(text) as unknown as FilterNode;
  } catch (err) {
    const quoted = text.length > QUOTED ? `${text.slice(0, QUOTED)}…` : text;
    throw new OpError(`cannot read filter '${quoted}': ${(err as Error).message}`);
  }
  checkFilterTree(node.toJSON());
  return node;
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
  // Filters of plain terms read each record through a light view (live tags computed only when asked for);
  // the others get whole dicts. Either way each record's is made once per read, matched or followed by `->`.
  const light = evaluatesByTags(node);
  const cache = new Map<string, TagSource>();
  const sourceOf = (record: HaystackRecord): TagSource => {
    let source = cache.get(record.id);
    if (!source) {
      source = light ? { get: (name: string) => records.tag(record, name) } : records.dict(record);
      cache.set(record.id, source);
    }
    return source;
  };
  const resolve: Resolve = (ref) => {
    const record = records.byId.get(ref.value);
    return record ? sourceOf(record) : undefined;
  };
  const found: Array<{ record: HaystackRecord; dict: HDict }> = [];
  // Only the records the tag index cannot rule out are evaluated, in site order.
  const candidates = records.index.candidates(node.toJSON());
  const count = candidates === null ? records.all.length : candidates.length;
  for (let i = 0; i < count && found.length < limit; i++) {
    const record = records.all[candidates === null ? i : (candidates[i] as number)] as HaystackRecord;
    const source = sourceOf(record);
    if (!matches(source, resolve)) continue;
    found.push({ record, dict: source instanceof HDict ? source : records.dict(record) });
  }
  return found;
}
