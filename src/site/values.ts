// Type guards for the plain data a YAML document becomes.

/** A YAML mapping: a plain object, not a list and not null. */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function isString(value: unknown): value is string {
  return typeof value === 'string';
}

export function isInteger(value: unknown): value is number {
  return Number.isInteger(value);
}

/** A whole number from `min` to `max`, written as a number or as digits (a URL's query); null otherwise. */
export function wholeNumber(value: unknown, min: number, max: number): number | null {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max ? n : null;
}
