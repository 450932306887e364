// Reading live points in dashboards: numbers, words, tones, formatted text; undefined when a profile lacks one.
import { num } from '../api/hayson';
import { type Tone, toneOf } from '../format/trouble';
import { formatValue } from '../format/value';
import { currentValue, type LivePoint, recOf } from '../live/live-points';

export const numberOf = (p: LivePoint | undefined): number | null => (p ? num(currentValue(p)) : null);

export const textOf = (p: LivePoint | undefined): string =>
  p ? formatValue(currentValue(p), recOf(p)) : '—';

export const wordOf = (p: LivePoint | undefined): string | null => {
  const v = p ? currentValue(p) : undefined;
  return typeof v === 'string' ? v : typeof v === 'boolean' ? textOf(p) : null;
};

export const boolOf = (p: LivePoint | undefined): boolean | null => {
  const v = p ? currentValue(p) : undefined;
  return typeof v === 'boolean' ? v : null;
};

export const toneOfPoint = (p: LivePoint | undefined): Tone =>
  p ? toneOf(currentValue(p), recOf(p)) : 'neutral';

/** A point's allowed maximum (its `maxVal`), or null. */
export const maxOf = (p: LivePoint | undefined): number | null => (p ? num(recOf(p).maxVal) : null);
