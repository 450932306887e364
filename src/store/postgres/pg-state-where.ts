// The WHERE and LIMIT of a query built from the filters present, every value a parameter: the statement's
// text depends only on which filters are given, never on what they hold.

export class PgWhere {
  /** The parameters, in the order of their `$n`. */
  readonly values: unknown[] = [];
  private readonly terms: string[] = [];

  /** The reference (`$n`) to one more parameter. */
  param(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  /** Adds a condition in which each `?` stands for `value` (one parameter, referred to as `$n`). */
  and(condition: string, value: unknown): this {
    const reference = this.param(value);
    this.terms.push(condition.replaceAll('?', reference));
    return this;
  }

  /** Adds a condition of no parameter. */
  andAlso(condition: string): this {
    this.terms.push(condition);
    return this;
  }

  /** `WHERE …` of the conditions added, or nothing. */
  get sql(): string {
    return this.terms.length === 0 ? '' : `WHERE ${this.terms.join(' AND ')}`;
  }

  /** `LIMIT $n`, or nothing for all rows (a limit absent or negative, as SQLite's LIMIT -1). */
  limit(limit: number | undefined): string {
    return limit === undefined || limit < 0 ? '' : `LIMIT ${this.param(Math.floor(limit))}`;
  }
}
