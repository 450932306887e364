// Haystack values as JSON (Hayson, Haystack 4): what the API answers with `Accept: application/json` and
// what it reads from `Content-Type: application/json`. Only the few kinds the UI meets get helpers.

export interface HNumber {
  _kind: 'number';
  val: number | 'INF' | '-INF' | 'NaN';
  unit?: string;
}
export interface HRef {
  _kind: 'ref';
  val: string;
  dis?: string;
}
export interface HMarker {
  _kind: 'marker';
}
export interface HDateTime {
  _kind: 'dateTime';
  val: string;
  tz?: string;
}
export interface HOther {
  _kind: string;
  val?: unknown;
}

export type HVal =
  | null
  | boolean
  | string
  | number
  | HNumber
  | HRef
  | HMarker
  | HDateTime
  | HOther
  | HVal[]
  | Dict;

export interface Dict {
  [tag: string]: HVal | undefined;
}

export interface Grid<Row extends Dict = Dict> {
  _kind: 'grid';
  meta: Dict;
  cols: { name: string; meta?: Dict }[];
  rows: Row[];
}

const kindOf = (v: unknown): string | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as { _kind?: string })._kind : undefined;

export const isMarker = (v: HVal | undefined): boolean => kindOf(v) === 'marker';

/** A Number's value (plain JSON numbers too), or null. */
export function num(v: HVal | undefined): number | null {
  if (typeof v === 'number') return v;
  if (kindOf(v) !== 'number') return null;
  const val = (v as HNumber).val;
  if (typeof val === 'number') return val;
  return val === 'INF' ? Number.POSITIVE_INFINITY : val === '-INF' ? Number.NEGATIVE_INFINITY : Number.NaN;
}

export const unitOf = (v: HVal | undefined): string | null =>
  kindOf(v) === 'number' ? ((v as HNumber).unit ?? null) : null;

export const str = (v: HVal | undefined): string | null => (typeof v === 'string' ? v : null);

/** The id of a Ref (or of a Str holding one), without `@`. */
export function refId(v: HVal | undefined): string | null {
  if (typeof v === 'string') return v.replace(/^@/, '');
  return kindOf(v) === 'ref' ? (v as HRef).val : null;
}

export const refDis = (v: HVal | undefined): string | null =>
  kindOf(v) === 'ref' ? ((v as HRef).dis ?? null) : null;

/** A DateTime as epoch ms, or null. */
export function dateTimeMs(v: HVal | undefined): number | null {
  if (kindOf(v) !== 'dateTime') return null;
  const t = Date.parse((v as HDateTime).val);
  return Number.isNaN(t) ? null : t;
}

export const ref = (id: string): HRef => ({ _kind: 'ref', val: id });
export const marker = (): HMarker => ({ _kind: 'marker' });
export const number = (val: number, unit?: string | null): HNumber =>
  unit ? { _kind: 'number', val, unit } : { _kind: 'number', val };

/** A request grid: columns are the union of the rows' tags. */
export function gridOf(rows: Dict[] = [], meta: Dict = {}): Grid {
  const names = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) names.add(key);
  if (names.size === 0) names.add('empty');
  return {
    _kind: 'grid',
    meta: { ver: '3.0', ...meta },
    cols: [...names].map((name) => ({ name })),
    rows,
  };
}
