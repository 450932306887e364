// Haystack filters over the site's records, with `->` following refs between records: parsed by
// haystack-core (its literals read as Haxall reads them: filter-literals.ts), evaluated as Haxall does
// (filter-eval.ts) on the records a tag index cannot rule out (filter-index.ts).

import { HDict, HFilter } from 'haystack-core';
import { compileNode, evaluatesByTags, type Predicate, type Resolve, type TagSource } from './filter-eval.js';
import { checkFilterText, checkFilterTree } from './filter-limits.js';
import { completeFilter, prepareFilter } from './filter-literals.js';
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
    // Literals as Haxall reads them (DateTimes, units, Refs, Uris): filter-literals.ts.
    const prepared = prepareFilter(text);
    node = HFilter.parse(prepared.text) as unknown as FilterNode;
    completeFilter(node, prepared);
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

export type Match = { record: HaystackRecord; dict: HDict };

/** How long `readByFilterInSlices` evaluates before it gives the event loop a turn, ms. */
const SLICE_MS = 10;
/** Records evaluated between two looks at the time (a match costs a whole dict: tens of µs). */
const RECORDS_PER_LOOK = 4;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A read of `text` that evaluates its candidates a slice at a time: `step(until)` evaluates more until
 * `until()` says stop (asked every few records) and says whether the read is complete; `found` holds the
 * matches so far.
 */
function filterScan(records: SiteRecords, text: string, limit: number) {
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
  const found: Match[] = [];
  // Only the records the tag index cannot rule out are evaluated, in site order.
  const candidates = records.index.candidates(node.toJSON());
  const count = candidates === null ? records.all.length : candidates.length;
  let i = 0;
  const step = (until: () => boolean): boolean => {
    for (let looked = 0; i < count && found.length < limit; i++, looked++) {
      if (looked === RECORDS_PER_LOOK) {
        if (until()) break;
        looked = 0;
      }
      const record = records.all[candidates === null ? i : (candidates[i] as number)] as HaystackRecord;
      const source = sourceOf(record);
      if (!matches(source, resolve)) continue;
      found.push({ record, dict: source instanceof HDict ? source : records.dict(record) });
    }
    return i >= count || found.length >= limit;
  };
  return { found, step };
}

/** Records matching `text`, at most `limit`, in site order. */
export function readByFilter(records: SiteRecords, text: string, limit: number): Match[] {
  const scan = filterScan(records, text, limit);
  scan.step(() => false);
  return scan.found;
}

/**
 * The same, giving the event loop a turn every 10 ms of evaluation: a costly filter over a large site
 * (hundreds of `not` terms on every record) makes its own answer slow, not every other client's. Live
 * values are read as they are when each record is evaluated.
 */
export async function readByFilterInSlices(
  records: SiteRecords,
  text: string,
  limit: number,
): Promise<Match[]> {
  const scan = filterScan(records, text, limit);
  for (;;) {
    const end = performance.now() + SLICE_MS;
    if (scan.step(() => performance.now() >= end)) return scan.found;
    await yieldToEventLoop();
  }
}
