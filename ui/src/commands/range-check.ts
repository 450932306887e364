// A number checked against the point's allowed range before anything is sent, in the write path's words.
import { type Dict, num } from '../api/hayson';
import { formatNumber, unitOfRecord } from '../format/value';

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
