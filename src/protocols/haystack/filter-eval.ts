// Evaluates a parsed Haystack filter on a record with the semantics of Haxall, the reference implementation:
// a comparison needs a value of the same kind (and numbers the same unit, unitless included), or it is
// false; `!=` is true for a value of another kind; a comparison that cannot be made never stops an `or`
// from trying its other side. haystack-core parses; its own evaluation differs on these points, so only the
// terms that do not compare values (is-a, relationships) are left to it.

import { HDateTime, type HDict, HNum, HRef, type HVal, makeValue } from 'haystack-core';
import { type FilterNode, pathOf } from './filter-node.js';
import { unitKey } from './unit-ids.js';

/** What evaluation reads of a record: its tags by name (an HDict, or a lighter view of one). */
export interface TagSource {
  get(name: string): HVal | null | undefined;
}
export type Resolve = (ref: HRef) => TagSource | undefined;
export type Predicate = (dict: TagSource, resolve: Resolve) => boolean;

/** Terms this module evaluates itself, reading tags only; the others need whole haystack-core dicts. */
const BY_TAGS = new Set(['condOr', 'condAnd', 'parens', 'has', 'missing', 'cmp']);

/** Whether evaluating `node` reads tags only (so a light view of each record will do). */
export function evaluatesByTags(node: FilterNode): boolean {
  return BY_TAGS.has(node.toJSON().type) && node.nodes.every(evaluatesByTags);
}

/** The value at the end of `path` (`equipRef->siteRef->tz`), following refs; undefined when it breaks. */
function valueAt(dict: TagSource, path: readonly string[], resolve: Resolve): HVal | null | undefined {
  let value: HVal | null | undefined = dict.get(path[0] as string);
  for (let i = 1; i < path.length; i++) {
    if (!(value instanceof HRef)) return undefined;
    const target = resolve(value);
    if (!target) return undefined;
    value = target.get(path[i] as string);
  }
  return value;
}

/** Same kind, and for numbers the same unit, whichever of its ids it is written with (`kW`, `kilowatt`). */
function comparable(a: HVal, b: HVal): boolean {
  if (a.getKind() !== b.getKind()) return false;
  return !(a instanceof HNum) || unitKey(a.unit?.symbol) === unitKey((b as HNum).unit?.symbol);
}

function equal(a: HVal, b: HVal): boolean {
  if (a instanceof HRef) return a.value === (b as HRef).value; // a ref's display name is not its identity
  if (a instanceof HDateTime) return a.compareTo(b) === 0; // the same instant, in any time zone
  if (a instanceof HNum) return a.value === (b as HNum).value; // units: `comparable`
  return a.equals(b);
}

function compare(a: HVal, b: HVal): number | null {
  // The same unit written with other ids (`kW`, `kilowatt`): haystack-core compares the unitless numbers.
  if (a instanceof HNum && b instanceof HNum && a.unit?.symbol !== b.unit?.symbol)
    return HNum.make(a.value).compareTo(HNum.make(b.value));
  const withCompare = a as HVal & { compareTo?: (other: HVal) => number };
  return typeof withCompare.compareTo === 'function' ? withCompare.compareTo(b) : null;
}

function comparison(op: string, literal: HVal): (value: HVal) => boolean {
  const ordered = (test: (c: number) => boolean) => (v: HVal) => {
    if (!comparable(v, literal)) return false;
    const c = compare(v, literal);
    return c !== null && test(c);
  };
  switch (op) {
    case 'equals':
      return (v) => comparable(v, literal) && equal(v, literal);
    case 'notEquals':
      return (v) => !comparable(v, literal) || !equal(v, literal);
    case 'lessThan':
      return ordered((c) => c < 0);
    case 'lessThanOrEqual':
      return ordered((c) => c <= 0);
    case 'greaterThan':
      return ordered((c) => c > 0);
    case 'greaterThanOrEqual':
      return ordered((c) => c >= 0);
    default:
      throw new Error(`unknown comparison ${op}`);
  }
}

/** Compiles a parsed filter into a predicate on records. */
export function compileNode(node: FilterNode): Predicate {
  const type = node.toJSON().type; // `node.type` is a numeric enum; the JSON form names it
  switch (type) {
    case 'condOr': {
      const parts = node.nodes.map(compileNode);
      return (dict, resolve) => parts.some((p) => p(dict, resolve));
    }
    case 'condAnd': {
      const parts = node.nodes.map(compileNode);
      return (dict, resolve) => parts.every((p) => p(dict, resolve));
    }
    case 'parens':
      return compileNode(node.nodes[0] as FilterNode);
    case 'has':
    case 'missing': {
      const path = pathOf(node.toJSON().tokens?.[0]);
      const present = (dict: TagSource, resolve: Resolve) => {
        const v = valueAt(dict, path, resolve);
        return v !== undefined && v !== null;
      };
      return type === 'has' ? present : (dict, resolve) => !present(dict, resolve);
    }
    case 'cmp': {
      const [pathToken, opToken, valueToken] = node.toJSON().tokens ?? [];
      const path = pathOf(pathToken);
      const test = comparison(opToken?.type ?? '', makeValue(valueToken?.val as never) as HVal);
      return (dict, resolve) => {
        const v = valueAt(dict, path, resolve);
        return v !== undefined && v !== null && test(v);
      };
    }
    default:
      // is-a, relationships, wildcard refs: haystack-core's own evaluation (false when it cannot decide), on
      // whole dicts (the caller passes them when `evaluatesByTags` says so).
      return (dict, resolve) => {
        try {
          return node.eval({ dict: dict as HDict, resolve: resolve as (ref: HRef) => HDict | undefined });
        } catch {
          return false;
        }
      };
  }
}
