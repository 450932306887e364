// The count check that ends a migration: for every table, its rows in the source and in the destination
// (and the history samples they hold), and whether they match.

import type { MigrationSide, TableCount } from './side.js';
import { TABLES, type TableSpec } from './tables.js';

export interface CountLine {
  concern: string;
  /** The table, or `<table> samples`. */
  what: string;
  source: number;
  destination: number;
}

/** Every table's count on `side`, in the order of TABLES. */
export async function countAll(side: MigrationSide): Promise<Map<TableSpec, TableCount>> {
  const counts = new Map<TableSpec, TableCount>();
  for (const spec of TABLES) counts.set(spec, await side.count(spec));
  return counts;
}

/** The lines of the check: one per table, one more per table that holds samples. */
export function countLines(
  source: Map<TableSpec, TableCount>,
  destination: Map<TableSpec, TableCount>,
): CountLine[] {
  return TABLES.flatMap((spec) => {
    const s = source.get(spec) as TableCount;
    const d = destination.get(spec) as TableCount;
    const rows = { concern: spec.concern, what: spec.label, source: s.rows, destination: d.rows };
    if (s.samples === null) return [rows];
    const samples = {
      concern: spec.concern,
      what: `${spec.label} samples`,
      source: s.samples,
      destination: d.samples ?? 0,
    };
    return [rows, samples];
  });
}

/** The check as a table for a person, a line per count, `ok` or `DIFFERS` at its end. */
export function formatCountLines(lines: readonly CountLine[]): string {
  const header = ['concern', 'what', 'source', 'destination', 'check'];
  const cells = lines.map((l) => [
    l.concern,
    l.what,
    String(l.source),
    String(l.destination),
    l.source === l.destination ? 'ok' : 'DIFFERS',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)));
  const line = (c: string[]) =>
    c
      .map((v, i) => (i >= 2 && i <= 3 ? v.padStart(widths[i] as number) : v.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...cells.map(line)].join('\n')}\n`;
}

/** The tables of a destination that hold something, in words (`audit: 3 rows`), or an empty list. */
export function nonEmpty(counts: Map<TableSpec, TableCount>): string[] {
  return [...counts]
    .filter(([, c]) => c.rows > 0)
    .map(([spec, c]) => `${spec.label}: ${c.rows} row${c.rows === 1 ? '' : 's'}`);
}
