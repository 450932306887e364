// Readers for the cell values of a points list: numbers, ranges, frequencies, tags and word lists.
// Each returns null (or a message) on bad input; none of them throws.

import type { UpdateMode } from './model.js';
import { fold, isBlank } from './text.js';

const NUMBER = String.raw`[+-]?\s*\d+(?:[.,]\d+)?`;
const RANGE = new RegExp(
  String.raw`^\s*(${NUMBER})\s*(?:à|a|to|–|—|-|\.\.)\s*(${NUMBER})\s*((?:[^\d+\-.,\s].*)?)$`,
  'iu',
);

/** `+50`, `-25`, `0,5` (decimal comma) → number; null when not a plain number. */
export function parseNumber(text: string): number | null {
  const t = text.replace(/\s+/g, '').replace(',', '.');
  if (!/^[+-]?\d+(?:\.\d+)?$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

export interface Range {
  min: number;
  max: number;
  /** Text after the second number (a unit such as `kW`, `%`, `°C`), ignored for values. */
  rest: string;
}

/** `0-22 kW`, `-25 à +50°C`, `-100 à +100`, `0,5-6 s` → {min, max}; null when it is not a range. */
export function parseRange(text: string): Range | null {
  const m = RANGE.exec(text);
  if (!m) return null;
  const min = parseNumber(m[1] ?? '');
  const max = parseNumber(m[2] ?? '');
  if (min === null || max === null) return null;
  return { min, max, rest: (m[3] ?? '').trim() };
}

export interface Frequency {
  update: UpdateMode;
  intervalMs: number | null;
}

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  sec: 1000,
  min: 60_000,
  mn: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  j: 86_400_000,
  d: 86_400_000,
};

/** `100ms`, `1s`, `5min`, `1h` → periodic; `Sur demande` → onDemand; `Sur événement` → onEvent. */
export function parseFrequency(text: string): Frequency | null {
  const f = fold(text).trim();
  if (/^(sur )?demande$|^on demand$/.test(f)) return { update: 'onDemand', intervalMs: null };
  if (/^(sur )?(evenement|event)$|^on (change|event)$/.test(f))
    return { update: 'onEvent', intervalMs: null };
  const m = /^(\d+(?:[.,]\d+)?)\s*([a-z]+)$/.exec(f);
  if (!m) return null;
  const factor = UNIT_MS[m[2] ?? ''];
  const n = parseNumber(m[1] ?? '');
  if (factor === undefined || n === null || n <= 0) return null;
  return { update: 'periodic', intervalMs: Math.round(n * factor) };
}

/** `sensor-elec-power-point` → [`sensor`, `elec`, `power`, `point`]. */
export function parseTags(text: string): string[] {
  return text
    .split(/[-\s,;]+/)
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
}

/** A Haystack tag name: starts with a lower-case letter, then letters, digits or `_`. */
export function isTagName(tag: string): boolean {
  return /^[a-z][a-zA-Z0-9_]*$/.test(tag);
}

/** `ENABLE/DISABLE`, `LOW / MEDIUM / HIGH` → the words in order; empty for a blank cell. */
export function parseWords(text: string): string[] {
  if (isBlank(text)) return [];
  return text
    .split(/\s*[/|,]\s*/)
    .map((w) => w.trim())
    .filter((w) => w.length > 0);
}

/** The word a two-word binary command means when true; others fall back to the first listed. */
const ACTIVE_WORDS = new Set([
  'ENABLE',
  'ENABLED',
  'ON',
  'LOCK',
  'LOCKED',
  'OPEN',
  'TRUE',
  'START',
  'ACTIVE',
  'YES',
]);

export function activeWord(wordsInOrder: string[]): string | undefined {
  return wordsInOrder.find((w) => ACTIVE_WORDS.has(w.toUpperCase())) ?? wordsInOrder[0];
}
