// A number as a person types it: `2.5` or `2,5` (a decimal comma, as in French), with a sign, spaces between
// thousands (`1 250`, also the no-break spaces of fr-FR), and checked against the point's allowed range
// before anything is sent.
import { type Dict, num } from '../api/hayson';
import { formatNumber, unitOfRecord } from '../format/value';

export type ParsedNumber = { ok: true; value: number } | { ok: false; message: string };

const SHAPE = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/;

/** The number `text` stands for, or why it is not one. */
export function parseNumberDraft(text: string): ParsedNumber {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '').replace(/^\u2212/, '-');
  if (compact === '') return { ok: false, message: 'Type a number.' };
  if (!SHAPE.test(compact))
    return {
      ok: false,
      message: `'${text.trim()}' is not a number: write it with digits and one decimal point or comma (2.5 or 2,5).`,
    };
  return { ok: true, value: Number(compact.replace(',', '.')) };
}

/**
 * Why `value` may not be written to the point of `rec` (named `name`), in the write path's own words, or
 * null when it is within the allowed range (or the point has none).
 */
export function outOfRange(value: number, rec: Dict, name: string): string | null {
  const min = num(rec.minVal);
  const max = num(rec.maxVal);
  if ((min === null || value >= min) && (max === null || value <= max)) return null;
  const unit = unitOfRecord(rec);
  const u = unit ? ` ${unit}` : '';
  const range = `${min === null ? '−∞' : formatNumber(min)} to ${max === null ? '∞' : formatNumber(max)}${u}`;
  return `${formatNumber(value)}${u} is outside the allowed range of ${name}: ${range}`;
}
