// A protocol's column of the `Mappings Protocoles` table, as its plug-in declares it: how the reader knows the
// column, how it reads one cell, which explicit addresses clash, how points without one get one, and how an
// address reads for people. The reader (parse-mappings.ts, parse.ts) names no protocol: it asks each column.

import type { Point } from './model.js';

/** A point as a column sees it: everything but its addresses. */
export type AddressedPoint = Omit<Point, 'addresses'>;

/**
 * One cell read: the explicit address, with warnings; or a rejected cell, with its error. A rejection without
 * a message is silent: the point's own row already has an error that the cell would only echo.
 */
export type CellResult<E> =
  | { ok: true; explicit: E; warnings?: readonly string[] }
  | { ok: false; message?: string };

/** An explicit address with its point and the mapping row it came from. */
export interface ExplicitEntry<E> {
  point: AddressedPoint;
  explicit: E;
  line: number;
}

/** An error at a mapping row. */
export interface LineMessage {
  line: number;
  message: string;
}

/** A point's final address, or why it could not get one (reported at the point's row). */
export type Assigned<A> = { ok: true; address: A } | { ok: false; message: string };

/** Whether clients read and/or write a point at an address (an API's read and write tags of the address). */
export interface AddressAccess {
  read: boolean;
  write: boolean;
}

export interface TypedAddressColumn<E, A> {
  /**
   * Where the result goes in `point.addresses`; the plug-in's name when absent (a plug-in with two columns
   * gives each its own key).
   */
  readonly key?: string;
  /** The header as people write it, for messages. */
  readonly title: string;
  /** Its word before an address shown to people (the protocol's short name). */
  readonly label: string;
  /** Whether a header names this column; `header` is folded: lower case, no accents, single spaces. */
  matches(header: string): boolean;
  /** Reads one non-blank cell for `point`; `pointIsSound` is false when the point's own row has errors. */
  parse(cell: string, point: AddressedPoint, pointIsSound: boolean): CellResult<E>;
  /** Errors for explicit addresses that clash (two points on one address), entries in row order. */
  clashes(entries: readonly ExplicitEntry<E>[]): LineMessage[];
  /** Every point's final address, in the order given: explicit ones kept, the others assigned. */
  assign(requests: ReadonlyArray<{ point: AddressedPoint; explicit: E | null }>): Assigned<A>[];
  /** The address for people: `AI0`, `40001-40002`. */
  format(address: A): string;
  /** Read and write access at the address; absent: read, and write when clients may write the point. */
  access?(address: A, point: AddressedPoint): AddressAccess;
  /** Checks the address's shape in a JSON profile, pushing `path…: problem` messages. */
  checkShape(value: unknown, path: string, errors: string[]): void;
}

/** A column with its address types erased, as the reader holds it. */
export type AddressColumn = TypedAddressColumn<unknown, unknown>;

/** Declares a column: typed for its plug-in, erased for the reader (which only passes values back to it). */
export function addressColumn<E, A>(column: TypedAddressColumn<E, A>): AddressColumn {
  return column as unknown as AddressColumn;
}

/** The key of a column's addresses in `point.addresses`. */
export function columnKey(column: AddressColumn, pluginName: string): string {
  return column.key ?? pluginName;
}

/** A plug-in's column with the key of its addresses. */
export interface KeyedColumn {
  column: AddressColumn;
  key: string;
}

/**
 * Every column of `plugins`, in plug-in order (a header two columns match goes to the first). Two columns
 * with one key would overwrite each other's addresses: a bug, thrown.
 */
/** A plug-in as far as its columns go (what the readers and writers of addresses need of it). */
export interface ColumnOwner {
  readonly name: string;
  readonly columns?: readonly AddressColumn[];
}

export function columnsOf(plugins: readonly ColumnOwner[]): KeyedColumn[] {
  const columns = plugins.flatMap((plugin) =>
    (plugin.columns ?? []).map((column) => ({ column, key: columnKey(column, plugin.name) })),
  );
  for (const [i, { key }] of columns.entries())
    if (columns.findIndex((c) => c.key === key) !== i)
      throw new Error(`two address columns have the key '${key}'`);
  return columns;
}
