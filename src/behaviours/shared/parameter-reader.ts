// Reads and checks a device's behaviour parameters (the site file's `parameters:` mapping): an absent or null
// value takes its default, a given one must obey its rule. Every refusal names the device, the parameter, the
// rule and the value given, so a bad site file says exactly what to fix.

/** Parameter names every behaviour shares (relinquish defaults, alarm words, behaviour choice). */
const SHARED = new Set(['defaults', 'alarms', 'behaviour', 'generic']);

/**
 * Which name a refusal puts in quotes: the parameter (`device ev-1: parameter 'maxCurrentA' must be …`, the
 * usual wording) or the device (`device 'dhw-1': parameter volumeL must be …`, the DHW tank's wording).
 */
export type QuotedName = 'parameter' | 'device';

export class ParameterReader {
  constructor(
    private readonly deviceId: string,
    private readonly given: Record<string, unknown>,
    private readonly quoted: QuotedName = 'parameter',
  ) {}

  private device(): string {
    return this.quoted === 'device' ? `device '${this.deviceId}'` : `device ${this.deviceId}`;
  }

  private fail(name: string, rule: string, value: unknown): never {
    const parameter = this.quoted === 'device' ? name : `'${name}'`;
    throw new Error(
      `${this.device()}: parameter ${parameter} must be ${rule} (got ${JSON.stringify(value)})`,
    );
  }

  private value(name: string): unknown {
    const v = this.given[name];
    return v === null ? undefined : v;
  }

  /** A finite number within [min, max], or `fallback` when absent. */
  number(name: string, fallback: number, min: number, max: number): number {
    const v = this.value(name);
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max)
      this.fail(name, `a number from ${min} to ${max}`, v);
    return v;
  }

  /** A finite number above `min` (excluded) and at most `max`. */
  positive(name: string, fallback: number, min: number, max: number): number {
    const v = this.value(name);
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= min || v > max)
      this.fail(name, `a number above ${min} and at most ${max}`, v);
    return v;
  }

  /** A whole number within [min, max]. */
  integer(name: string, fallback: number, min: number, max: number): number {
    const v = this.number(name, fallback, min, max);
    if (!Number.isInteger(v)) this.fail(name, `a whole number from ${min} to ${max}`, v);
    return v;
  }

  boolean(name: string, fallback: boolean): boolean {
    const v = this.value(name);
    if (v === undefined) return fallback;
    if (typeof v !== 'boolean') this.fail(name, 'true or false', v);
    return v;
  }

  /** One of the allowed values (numbers or words). */
  oneOf<T extends string | number>(name: string, fallback: T, allowed: readonly T[]): T {
    const v = this.value(name);
    if (v === undefined) return fallback;
    if (!allowed.includes(v as T)) this.fail(name, `one of ${allowed.join(', ')}`, v);
    return v as T;
  }

  /** A list of numbers, each within [min, max], of `length` items (any length ≥ 1 when null). */
  numbers(name: string, fallback: number[], min: number, max: number, length: number | null): number[] {
    const v = this.value(name);
    if (v === undefined) return fallback;
    const rule = `a list of ${length ?? 'one or more'} numbers from ${min} to ${max}`;
    if (!Array.isArray(v) || v.length === 0 || (length !== null && v.length !== length))
      this.fail(name, rule, v);
    for (const x of v)
      if (typeof x !== 'number' || !Number.isFinite(x) || x < min || x > max) this.fail(name, rule, v);
    return v as number[];
  }

  /** A list of distinct whole numbers, each within [min, max]. */
  wholeNumbers(name: string, fallback: number[], min: number, max: number): number[] {
    const v = this.value(name);
    if (v === undefined) return fallback;
    const rule = `a list of distinct whole numbers from ${min} to ${max}`;
    if (!Array.isArray(v) || new Set(v).size !== v.length) this.fail(name, rule, v);
    for (const x of v) if (!Number.isInteger(x) || x < min || x > max) this.fail(name, rule, v);
    return v as number[];
  }

  /** A list of texts, each accepted by `parse` (which returns null for a bad one); `expected` names them. */
  list<T>(name: string, fallback: T[], expected: string, parse: (text: string) => T | null): T[] {
    const v = this.value(name);
    if (v === undefined) return fallback;
    if (!Array.isArray(v)) this.fail(name, `a list of ${expected}`, v);
    return v.map((item) => {
      const parsed = typeof item === 'string' ? parse(item) : null;
      if (parsed === null) this.fail(name, `a list of ${expected}`, v);
      return parsed;
    });
  }

  /** The raw value, for parameters of several shapes (undefined when absent or null). */
  raw(name: string): unknown {
    return this.value(name);
  }

  /** Refuses a parameter this behaviour does not know: a typo must not pass unnoticed. */
  rejectUnknown(known: readonly string[]): void {
    for (const name of Object.keys(this.given)) {
      if (SHARED.has(name) || known.includes(name)) continue;
      throw new Error(
        `${this.device()}: unknown parameter '${name}' (known: ${[...known].sort().join(', ')})`,
      );
    }
  }

  /** Checks a rule between several parameters. */
  check(ok: boolean, name: string, rule: string): void {
    if (!ok) this.fail(name, rule, this.value(name));
  }
}
