// How values read: numbers with a sensible precision and their unit, booleans as their points-list words.
import { type Dict, type HVal, isMarker, num, str, unitOf } from '../api/hayson';
import { formatTimestampText } from './time';

const formats = new Map<number, Intl.NumberFormat>();
function numberFormat(digits: number): Intl.NumberFormat {
  let f = formats.get(digits);
  if (!f) {
    f = new Intl.NumberFormat('en-GB', { maximumFractionDigits: digits });
    formats.set(digits, f);
  }
  return f;
}

/** 1234.5678 → "1,234.6"; 0.01234 → "0.0123": about four significant digits, never more than three decimals. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? '∞' : '−∞';
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 1 : abs >= 10 ? 2 : 3;
  return numberFormat(digits).format(n);
}

/**
 * The unit a point's numbers are shown with: its Haystack `unit`, else the points list's symbol when
 * Haystack has no unit for it (`displayUnit`: `%/h`).
 */
export const unitOfRecord = (rec: Dict): string | null => str(rec.unit) ?? str(rec.displayUnit);

/** The false and true words of a Bool point (`enum: "DISABLE,ENABLE"`), or FALSE/TRUE. */
export function boolWords(rec: Dict): [string, string] {
  const words = (str(rec.enum) ?? '').split(',');
  return words.length === 2 ? [words[0] as string, words[1] as string] : ['FALSE', 'TRUE'];
}

/** The choices of an enum point, or null. */
export function enumChoices(rec: Dict): string[] | null {
  const e = str(rec.enum);
  if (!e || str(rec.kind) === 'Bool') return null;
  return e.split(',');
}

/** A value as text, with its unit: `59.6 °C`, `ENABLE`, `RUNNING`. */
export function formatValue(val: HVal | undefined, rec: Dict): string {
  if (val === undefined || val === null) return '—';
  if (typeof val === 'boolean') {
    if (str(rec.actionWord)) return val ? (str(rec.actionWord) as string) : 'idle';
    return boolWords(rec)[val ? 1 : 0];
  }
  const n = num(val);
  if (n !== null) {
    const unit = unitOf(val) ?? unitOfRecord(rec);
    return unit ? `${formatNumber(n)} ${unit}` : formatNumber(n);
  }
  if (typeof val === 'string') return formatTimestampText(val) ?? val;
  if (isMarker(val)) return '✓';
  return JSON.stringify(val);
}

/** "3 s ago", "5 min ago": how old a change is. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}
