// Reads a device's `parameters:` mapping with a default and a range for each figure, and throws an Error
// naming the device and the parameter when a value has the wrong type or lies outside its range.

export class ParameterReader {
  constructor(
    private readonly deviceId: string,
    private readonly given: Record<string, unknown>,
  ) {}

  private fail(name: string, expected: string): never {
    const got = JSON.stringify(this.given[name]);
    throw new Error(`device '${this.deviceId}': parameter ${name} must be ${expected} (got ${got})`);
  }

  /** A number in [min, max]; the default when absent. */
  number(name: string, fallback: number, min: number, max: number): number {
    const value = this.given[name];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      this.fail(name, `a number from ${min} to ${max}`);
    }
    return value;
  }

  /** A whole number in [min, max]. */
  integer(name: string, fallback: number, min: number, max: number): number {
    const value = this.number(name, fallback, min, max);
    if (!Number.isInteger(value)) this.fail(name, `a whole number from ${min} to ${max}`);
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.given[name];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'boolean') this.fail(name, 'true or false');
    return value;
  }

  /** One of the listed words. */
  choice<T extends string>(name: string, fallback: T, words: readonly T[]): T {
    const value = this.given[name];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'string' || !words.includes(value as T))
      this.fail(name, `one of ${words.join(', ')}`);
    return value as T;
  }

  /** A list of texts, each accepted by `parse` (which returns null for a bad one). */
  list<T>(name: string, fallback: T[], expected: string, parse: (text: string) => T | null): T[] {
    const value = this.given[name];
    if (value === undefined || value === null) return fallback;
    if (!Array.isArray(value)) this.fail(name, `a list of ${expected}`);
    return value.map((item) => {
      const parsed = typeof item === 'string' ? parse(item) : null;
      if (parsed === null) this.fail(name, `a list of ${expected}`);
      return parsed;
    });
  }
}
