// An index of the site's records for Haystack filters: which records have each tag, and which have each
// Ref or Str value of a tag. From a filter's syntax tree it computes the records that *may* match (a superset),
// so that the filter itself is evaluated on a few records rather than on all of them. A term it cannot narrow
// (`not`, live tags, relationships) stands for every record; the evaluation that follows is always exact.

import { HRef, HStr } from 'haystack-core';
import { type FilterNodeData, pathOf } from './filter-node.js';
import { LIVE_TAGS } from './live-tags.js';

/** Above this many distinct values (and a quarter of the records with the tag), a Str tag's values are not indexed. */
const UNIQUE_STR_LIMIT = 1000;

/** Positions in the record list, ascending; null means every record. */
export type Candidates = number[] | null;

const valueKey = (type: string, val: unknown): string | null => {
  if (type === 'string' && typeof val === 'string') return `s:${val}`;
  if (type === 'ref' && val && typeof val === 'object' && 'val' in val) return `r:${String(val.val)}`;
  return null;
};

function union(lists: number[][]): number[] {
  if (lists.length === 1) return lists[0] as number[];
  const all = new Set<number>();
  for (const list of lists) for (const i of list) all.add(i);
  return [...all].sort((a, b) => a - b);
}

function intersect(a: number[], b: number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      out.push(x);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out;
}

export class FilterIndex {
  /** tag → records that have it. */
  private readonly withTag = new Map<string, number[]>();
  /** tag → `r:<ref id>` or `s:<text>` → records whose tag has that value. */
  private readonly withValue = new Map<string, Map<string, number[]>>();
  /** `ids[position]` is the id of the record at that position; `tagsOf(position)` its static tags. */
  constructor(
    private readonly ids: readonly string[],
    tagsOf: (position: number) => Readonly<Record<string, unknown>>,
  ) {
    ids.forEach((_id, position) => {
      for (const [name, value] of Object.entries(tagsOf(position))) {
        if (LIVE_TAGS.has(name)) continue;
        push(this.withTag, name, position);
        const key =
          value instanceof HRef ? `r:${value.value}` : value instanceof HStr ? `s:${value.value}` : null;
        if (key === null) continue;
        let byValue = this.withValue.get(name);
        if (!byValue) {
          byValue = new Map();
          this.withValue.set(name, byValue);
        }
        push(byValue, key, position);
      }
    });
    // A Str tag whose values are nearly all different (`dis`) costs much memory and is rarely compared with
    // `==`: its value map is dropped, and such a term narrows to the records that have the tag.
    for (const [name, byValue] of this.withValue) {
      const count = this.withTag.get(name)?.length ?? 0;
      const isStr = byValue.keys().next().value?.startsWith('s:');
      if (isStr && byValue.size > UNIQUE_STR_LIMIT && byValue.size > count / 4) this.withValue.delete(name);
    }
  }

  /** The records that may match the filter whose syntax tree is `node`. */
  candidates(node: FilterNodeData): Candidates {
    switch (node.type) {
      case 'condOr': {
        const lists: number[][] = [];
        for (const child of node.nodes ?? []) {
          const c = this.candidates(child);
          if (c === null) return null;
          lists.push(c);
        }
        return union(lists);
      }
      case 'condAnd': {
        let result: Candidates = null;
        for (const child of node.nodes ?? []) {
          const c = this.candidates(child);
          if (c !== null) result = result === null ? c : intersect(result, c);
        }
        return result;
      }
      case 'parens':
        return node.nodes?.[0] ? this.candidates(node.nodes[0]) : null;
      case 'has':
        return this.onPath(pathOf(node.tokens?.[0]), null);
      case 'cmp': {
        const [, op, value] = node.tokens ?? [];
        const key = op?.type === 'equals' && value ? valueKey(value.type, value.val) : null;
        return this.onPath(pathOf(node.tokens?.[0]), key);
      }
      default:
        return null; // missing (`not`), is-a, relationships, wildcards: no narrowing
    }
  }

  /**
   * Records whose `path` leads to a tag that exists (and has the value `key`, when given). Walks the path
   * from its last name back to its first, one step per name: linear in the path's length.
   */
  private onPath(path: readonly string[], key: string | null): Candidates {
    // A live tag is not indexed: the path is followed only up to the name before the first one.
    const live = path.findIndex((name) => LIVE_TAGS.has(name));
    if (path.length === 0 || live === 0) return null;
    const end = live === -1 ? path.length - 1 : live - 1;
    const last = path[end] as string;
    // The records that may hold the last indexed name (with the value `key` when the path ends there).
    let targets: number[] =
      key !== null && live === -1
        ? (this.withValue.get(last)?.get(key) ?? [])
        : (this.withTag.get(last) ?? []);
    for (let i = end - 1; i >= 0; i--) {
      // `name->…`: the records whose Ref `name` points at one of the targets.
      const byRef = this.withValue.get(path[i] as string);
      if (!byRef || targets.length === 0) return [];
      const lists: number[][] = [];
      for (const target of targets) {
        const list = byRef.get(`r:${this.ids[target]}`);
        if (list) lists.push(list);
      }
      targets = lists.length === 0 ? [] : union(lists);
    }
    return targets;
  }
}

function push<K>(map: Map<K, number[]>, key: K, position: number): void {
  const list = map.get(key);
  if (list) list.push(position);
  else map.set(key, [position]);
}
