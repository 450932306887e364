// Reads one device's parameters with defaults and range checks; every problem throws an Error naming the
// device and the parameter, which the runtime shows to the person who wrote the site file.

export interface NumberRule {
  min: number;
  max: number;
  integer?: boolean;
  /** The lower bound itself is not allowed (a rate that must be above 0). */
  minExclusive?: boolean;
}

export class ParameterReader {
  constructor(
    readonly deviceId: string,
    private readonly given: Record<string, unknown>,
  ) {}

  /** An Error for `name` (a dotted path inside the parameters). */
  error(name: string, problem: string): Error {
    return new Error(`device ${this.deviceId}: parameter '${name}' ${problem}`);
  }

  raw(name: string): unknown {
    return this.given[name];
  }

  number(name: string, fallback: number, rule: NumberRule): number {
    return checkNumber(this, name, this.given[name] ?? fallback, rule);
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.given[name] ?? fallback;
    if (typeof value !== 'boolean') throw this.error(name, `must be true or false, not ${show(value)}`);
    return value;
  }

  text(name: string, fallback: string): string {
    const value = this.given[name] ?? fallback;
    if (typeof value !== 'string' || value.trim() === '')
      throw this.error(name, `must be a non-empty text, not ${show(value)}`);
    return value.trim();
  }

  /** A mapping (YAML object), or undefined when absent. */
  mapping(name: string): Record<string, unknown> | undefined {
    const value = this.given[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value))
      throw this.error(name, `must be a mapping of names to values, not ${show(value)}`);
    return value as Record<string, unknown>;
  }
}

/** `value` as a number obeying `rule`, or an Error naming `name`. */
export function checkNumber(reader: ParameterReader, name: string, value: unknown, rule: NumberRule): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw reader.error(name, `must be a number, not ${show(value)}`);
  if (rule.integer && !Number.isInteger(value))
    throw reader.error(name, `must be a whole number, not ${value}`);
  const low = rule.minExclusive ? value <= rule.min : value < rule.min;
  if (low || value > rule.max) {
    const lower = rule.minExclusive ? `above ${rule.min}` : `at least ${rule.min}`;
    throw reader.error(name, `must be ${lower} and at most ${rule.max}, not ${value}`);
  }
  return value;
}

/** A value as the site file would show it. */
export function show(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}
