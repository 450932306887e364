// Points list (Markdown) → Profile. Reads the whole document, reports every problem with its line, and
// returns a profile only when there is no error. See docs/points-list.md for the format and the rules.

import { columnsOf, type KeyedColumn } from './address-column.js';
import { type Diagnostic, DiagnosticList } from './diagnostics.js';
import { readMarkdown } from './markdown.js';
import type { Point, PointKind, Profile } from './model.js';
import { readSources, readSummary, readTitle } from './parse-header.js';
import { type ExplicitAddresses, readMappings } from './parse-mappings.js';
import { type DraftPoint, readPointTable } from './parse-points.js';
import type { PointsPlugin } from './points-plugin.js';
import { findSections, SECTION_TITLES, type SectionKey } from './sections.js';
import { checkTags, checkUnit } from './vocabulary.js';

export interface ParseResult {
  /** Null when any error was found: nothing is loaded from a bad document. */
  profile: Profile | null;
  /** Errors and warnings, by line. */
  diagnostics: Diagnostic[];
  /** Line of each point's row, by point id (for later messages about a loaded profile). */
  lines: Record<string, number>;
}

const REQUIRED_SECTIONS: SectionKey[] = ['summary', 'sensors', 'commands', 'status', 'mappings'];
const KIND_SECTION: Record<PointKind, SectionKey> = {
  sensor: 'sensors',
  command: 'commands',
  status: 'status',
};
const KIND_WORD: Record<PointKind, string> = { sensor: 'mesure', command: 'commande', status: 'état' };

/**
 * Parses one points list; `file` is only used in messages; `plugins` read the protocol columns. Never throws
 * on any text (two plug-in columns with one key are a bug in the plug-in list, and throw).
 */
export function parsePointsList(text: string, file: string, plugins: readonly PointsPlugin[]): ParseResult {
  const diag = new DiagnosticList(file);
  const blocks = readMarkdown(text);
  const title = readTitle(blocks, diag);
  const { sections, repeated, unknown } = findSections(blocks);
  const titleLine = blocks.find((b) => b.heading?.level === 1)?.heading?.line ?? 1;
  for (const key of REQUIRED_SECTIONS) {
    if (!sections[key]) diag.error(titleLine, `missing section '${SECTION_TITLES[key]}'`);
  }
  for (const block of repeated)
    diag.error(block.heading?.line ?? 1, `section '${block.heading?.text}' appears twice`);
  for (const block of unknown)
    diag.warn(
      block.heading?.line ?? 1,
      `section '${block.heading?.text}' is not part of the format and is ignored`,
    );

  const summary = readSummary(sections.summary, diag);
  const drafts: DraftPoint[] = [];
  let allTablesRead = true;
  for (const kind of ['sensor', 'command', 'status'] as PointKind[]) {
    const block = sections[KIND_SECTION[kind]];
    if (!block) continue;
    const { points, rows } = readPointTable(kind, block, diag);
    drafts.push(...points);
    if (rows === null) allTablesRead = false;
    const declared = summary?.counts[kind];
    if (summary && declared !== undefined && rows !== null && declared !== rows) {
      diag.error(
        summary.lines[kind],
        `Synthèse declares ${declared} ${KIND_WORD[kind]} points but the table lists ${rows}`,
      );
    }
  }
  const unique = dropDuplicates(drafts, diag);
  for (const p of unique) {
    checkUnit(p.unit, p.line, diag);
    checkTags(p.tags, p.kind, p.line, diag);
  }
  if (unique.length === 0 && !diag.hasErrors) diag.error(titleLine, 'the points list has no points');

  const columns = columnsOf(plugins);
  const explicit = readMappings(sections.mappings, unique, allTablesRead, columns, diag);
  const points = withAddresses(unique, columns, explicit, diag);
  const lines = Object.fromEntries(unique.map((p) => [p.id, p.line]));
  if (diag.hasErrors || !title || !summary || !points) return { profile: null, diagnostics: diag.all, lines };
  const profile: Profile = {
    id: title.id,
    name: title.name,
    localName: title.localName,
    declaredCounts: summary.counts,
    sources: readSources(sections.sources?.bullets ?? []),
    points,
  };
  return { profile, diagnostics: diag.all, lines };
}

/** Keeps the first of two points with the same id; the second is an error. */
function dropDuplicates(drafts: DraftPoint[], diag: DiagnosticList): DraftPoint[] {
  const first = new Map<string, DraftPoint>();
  return drafts.filter((p) => {
    const earlier = first.get(p.id);
    if (earlier) {
      diag.error(p.line, `duplicate point '${p.name}' (same id '${p.id}' as line ${earlier.line})`);
      return false;
    }
    first.set(p.id, p);
    return true;
  });
}

/**
 * Gives every point the address of each column, explicit or assigned (`addresses` keys in name order); a
 * point a column finds no room for is an error at its row.
 */
function withAddresses(
  drafts: DraftPoint[],
  columns: KeyedColumn[],
  explicit: ExplicitAddresses,
  diag: DiagnosticList,
): Point[] | null {
  const addresses = drafts.map((): Record<string, unknown> => ({}));
  let complete = true;
  for (const { column, key } of [...columns].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    const given = explicit.get(key);
    const assigned = column.assign(
      drafts.map((point) => ({ point, explicit: given?.get(point.id) ?? null })),
    );
    assigned.forEach((result, i) => {
      const draft = drafts[i] as DraftPoint;
      if (result.ok) (addresses[i] as Record<string, unknown>)[key] = result.address;
      else {
        diag.error(draft.line, result.message);
        complete = false;
      }
    });
  }
  // Built in the order of the canonical JSON shape.
  const points = drafts.map((draft, i): Point => {
    const { line: _line, protocols, ...rest } = draft;
    return { ...rest, addresses: addresses[i] as Record<string, unknown>, protocols };
  });
  return complete ? points : null;
}
