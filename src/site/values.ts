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
