// The literals of a filter as Haxall reads them, where haystack-core's parser reads them otherwise:
// - a DateTime (`curTs > 2026-01-05T10:00:00+01:00 Paris`, `2026-01-05T09:00:00Z`): haystack-core refuses it,
//   so each is replaced by a stand-in Str before parsing and put back as a DateTime in the parsed tree;
// - a unit must be an id of the unit database (`44kilowatt` is 44 kW) or a custom unit (`_` first);
// - a Ref has no display name (`id == @a "A"` is an error, as the ref is followed by a Str);
// - a Uri's `` \` `` is a backtick (uri-escapes.ts).

import { randomUUID } from 'node:crypto';
import { HDateTime, HStr, TokenType, TokenValue, ZincReader } from 'haystack-core';
import type { FilterNode, FilterNodeData } from './filter-node.js';
import { isUnitId } from './unit-ids.js';
import { withHaxallUriEscapes } from './uri-escapes.js';

/** A DateTime literal: date, `T`, time with seconds, `Z` or an offset, and a zone name (required after an offset). */
const DATE_TIME =
  /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z(?: [A-Z][\w+-]*)?|[+-]\d\d:\d\d(?: [A-Z][\w+-]*)?)/;

export interface PreparedFilter {
  /** The text for haystack-core's parser. */
  text: string;
  /** Stand-in Str value → the DateTime it stands for. */
  dateTimes: Map<string, HDateTime>;
}

/** The names of Haystack's time zone database (`Paris`, `New_York`, `UTC`, `GMT+5`…). */
let zoneNames: ReadonlySet<string> | null = null;
const isZoneName = (name: string) => {
  zoneNames ??= new Set(HDateTime.getTimezoneDb().map((row) => String(row.get('name'))));
  return zoneNames.has(name);
};

/** Whether the date and time of a DateTime literal are on the calendar (haystack-core rolls 2026-13-01 over). */
function onTheCalendar(literal: string): boolean {
  const [y = 0, m = 0, d = 0, h = 0, min = 0, sec = 0] = (literal.match(/\d+/g) ?? []).map(Number);
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return m >= 1 && m <= 12 && d >= 1 && d <= days && h <= 23 && min <= 59 && sec <= 59;
}

function readDateTime(literal: string): HDateTime {
  if (!onTheCalendar(literal)) throw new Error(`invalid DateTime literal ${literal}`);
  const withZone = literal.endsWith('Z') ? `${literal} UTC` : literal;
  if (!/ [A-Z][\w+-]*$/.test(withZone))
    throw new Error(`expecting a timezone name after the DateTime ${literal}`);
  const value = ZincReader.readValue(withZone);
  if (!(value instanceof HDateTime)) throw new Error(`invalid DateTime literal ${literal}`);
  if (!isZoneName(value.timezone)) throw new Error(`unknown timezone ${value.timezone} in ${literal}`);
  return value;
}

/** The filter text with its DateTimes replaced by stand-in Strs and its Uri escapes as Haxall reads them. */
export function prepareFilter(source: string): PreparedFilter {
  const text = withHaxallUriEscapes(source);
  const dateTimes = new Map<string, HDateTime>();
  const nonce = randomUUID();
  let out = '';
  let from = 0;
  let quote: string | null = null; // inside a Str (`"`) or a Uri (`` ` ``)
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote !== null) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === '`') quote = c;
    else if (c >= '0' && c <= '9' && !/[\w.:~@-]/.test(text[i - 1] ?? ' ')) {
      const literal = DATE_TIME.exec(text.slice(i, i + 80))?.[0];
      if (literal === undefined) continue;
      const standIn = `${nonce}:${dateTimes.size}`;
      dateTimes.set(standIn, readDateTime(literal));
      out += `${text.slice(from, i)}${HStr.make(standIn).toZinc()}`;
      from = i + literal.length;
      i = from - 1;
    }
  }
  return { text: from === 0 ? text : out + text.slice(from), dateTimes };
}

interface CmpLike extends FilterNode {
  val: TokenValue;
}

/** Checks the parsed tree's literals as Haxall does and puts the DateTimes back; throws when one is refused. */
export function completeFilter(root: FilterNode, prepared: PreparedFilter): void {
  checkLiterals(root.toJSON());
  if (prepared.dateTimes.size === 0) return;
  const stack: FilterNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as FilterNode;
    stack.push(...node.nodes);
    if (node.toJSON().type !== 'cmp') continue;
    const cmp = node as CmpLike;
    const value = cmp.val.value;
    const dateTime = value instanceof HStr ? prepared.dateTimes.get(value.value) : undefined;
    // There is no token type for a DateTime: `date` is the nearest, and only the value is read.
    if (dateTime) cmp.val = new TokenValue(TokenType.date, dateTime);
  }
}

function checkLiterals(node: FilterNodeData): void {
  for (const token of node.tokens ?? []) {
    const val = token.val as { _kind?: string; dis?: string; val?: string; unit?: string } | undefined;
    if (val?._kind === 'ref' && val.dis !== undefined)
      throw new Error(`a Ref in a filter has no display name: @${val.val} "${val.dis}"`);
    if (val?._kind === 'number' && val.unit !== undefined && !isUnitId(val.unit))
      throw new Error(`invalid unit name '${val.unit}'`);
  }
  for (const child of node.nodes ?? []) checkLiterals(child);
}
