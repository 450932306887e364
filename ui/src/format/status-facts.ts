// Any interface's status (a nested Dict of the `interfaces` op) as facts a person reads: nested objects
// flattened into groups (`Link › Backlog`), words for keys (`lastError` → Last error), yes/no for booleans,
// sizes for bytes, and epoch-ms times (a key saying since, oldest, newest, …At, …Time, ts) in the site's zone.
// Imports with their extension: the tests run it under Node as it is.
import { type Dict, type HVal, isMarker, num, unitOf } from '../api/hayson.js';
import { formatDateTime, formatTimestampText } from './time.js';

export interface Fact {
  /** Its path in the status (`link.backlog.oldest`): a stable key, and what the page marks it with. */
  path: string;
  /** Its key in words (`Oldest`). */
  label: string;
  text: string;
}

export interface FactGroup {
  /** The path of the nested object the facts belong to (`link.backlog`), '' for the top level. */
  path: string;
  /** Its keys in words (`Link › Backlog`), '' for the top level. */
  title: string;
  facts: Fact[];
}

const isDict = (v: HVal | undefined): v is Dict =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !('_kind' in v);

/** `lastError` → `Last error`, `host_applications` → `Host applications`, `url` → `URL`, `0` → `#1`. */
export function words(key: string): string {
  if (/^\d+$/.test(key)) return `#${Number(key) + 1}`;
  const spaced = key
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .trim();
  const text = spaced.replace(/\b(url|id|ip|tls|qos|http|mqtt)\b/g, (w) => ACRONYMS[w] ?? w);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const ACRONYMS: Record<string, string> = {
  url: 'URL',
  id: 'ID',
  ip: 'IP',
  tls: 'TLS',
  qos: 'QoS',
  http: 'HTTP',
  mqtt: 'MQTT',
};

/** A key naming a moment: `since`, `oldest`, `newest`, `connectedAt`, `lastSeen`, `startTime`, `ts`. */
const TIME_KEY = /^(since|oldest|newest|ts|at|time|last[A-Z]\w*(At|Seen|Time))$|[a-z](At|Since|Time|Ts)$/;
/** Epoch ms after 1973 and before 2300: a number that can be a moment, not a count that happens to be named so. */
const plausibleEpochMs = (n: number) => n > 1e11 && n < 1e13;

/** `1.2 kB`, `3.4 MB`: what a key ending in `bytes` counts. */
export function sizeText(bytes: number): string {
  if (bytes >= 1048576) return `${(bytes / 1048576).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${bytes} B`;
}

const grouped = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 3 });

/** One value as text, knowing its key. */
export function valueText(key: string, value: HVal | undefined, zone: string | undefined): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return formatTimestampText(value) ?? value;
  if (isMarker(value)) return 'yes';
  const n = num(value);
  if (n !== null) {
    if (TIME_KEY.test(key) && plausibleEpochMs(n)) return formatDateTime(n, zone);
    if (/bytes$/i.test(key)) return sizeText(n);
    const unit = unitOf(value);
    return unit ? `${grouped.format(n)} ${unit}` : grouped.format(n);
  }
  if (Array.isArray(value))
    return value.length === 0 ? 'none' : value.map((v) => valueText(key, v, zone)).join(', ');
  const val = (value as { val?: unknown }).val;
  return typeof val === 'string' || typeof val === 'number' ? String(val) : JSON.stringify(value);
}

/**
 * The facts of `status`, a group per nested object (depth first, in the status's order); a list of objects
 * is a group per item (`Publishers › #1`). `skip` leaves out paths shown another way.
 */
export function statusFacts(
  status: Dict,
  zone: string | undefined,
  skip: ReadonlySet<string> = new Set(),
): FactGroup[] {
  const groups: FactGroup[] = [];
  const visit = (dict: Dict, path: string[]) => {
    const group: FactGroup = { path: path.join('.'), title: path.map(words).join(' › '), facts: [] };
    groups.push(group);
    for (const [key, value] of Object.entries(dict)) {
      const at = [...path, key];
      const id = at.join('.');
      if (skip.has(id)) continue;
      if (Array.isArray(value) && value.length > 0 && value.every((v: HVal) => isDict(v)))
        for (const [i, item] of (value as Dict[]).entries()) visit(item, [...at, String(i)]);
      else if (isDict(value)) visit(value, at);
      else group.facts.push({ path: id, label: words(key), text: valueText(key, value, zone) });
    }
  };
  visit(status, []);
  return groups.filter((g) => g.facts.length > 0);
}
