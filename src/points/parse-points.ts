// Reads the three point tables (Mesure, Commande, État) into points without addresses yet.

import type { DiagnosticList } from './diagnostics.js';
import type { Block, TableRow } from './markdown.js';
import type { Point, PointKind, PointType } from './model.js';
import type { ColumnKey, ColumnMap } from './sections.js';
import { checkedColumns, sectionTable, wellFormedRows } from './tables.js';
import { fold, isBlank, slug } from './text.js';
import { activeWord, parseFrequency, parseRange, parseTags, parseWords } from './values.js';
import { parseWriteRole, writeRoleOf } from './write-role.js';

/** A point before addresses are assigned, with the line it came from. */
export type DraftPoint = Omit<Point, 'addresses'> & { line: number };

const REQUIRED: Record<PointKind, ColumnKey[]> = {
  sensor: ['point', 'tags', 'unit', 'range', 'frequency'],
  command: ['point', 'tags', 'unit', 'range', 'type'],
  status: ['point', 'tags', 'type', 'values'],
};
const OPTIONAL: Record<PointKind, ColumnKey[]> = {
  sensor: ['description', 'type'],
  command: ['description', 'role'],
  status: ['description', 'unit'],
};

const cell = (row: TableRow, map: ColumnMap, key: ColumnKey): string => {
  const i = map.index[key];
  return i === undefined ? '' : (row.cells[i] ?? '');
};

/** Value type of a command or status row from its `Type` cell and its words. */
function typeOf(kind: PointKind, typeCell: string): PointType | 'binary' | null {
  const t = fold(typeCell).replace(/[\s_-]+/g, '');
  if (['analog', 'analogique', 'numeric', 'number', 'numerique', 'float', 'integer'].includes(t))
    return 'number';
  if (['binaire', 'binary', 'boolean', 'booleen', 'bool'].includes(t)) return 'binary';
  if (['enum', 'enumeration', 'multistate', 'multietat'].includes(t)) return 'enum';
  if (['string', 'text', 'texte', 'chaine', 'alphanumeric', 'alphanumerique'].includes(t)) return 'string';
  if (['timestamp', 'iso8601', 'datetime', 'date', 'horodatage'].includes(t)) return 'datetime';
  return kind === 'sensor' && t === '' ? 'number' : null;
}

function blankPoint(kind: PointKind, name: string, line: number): DraftPoint {
  return {
    id: slug(name),
    name,
    kind,
    type: 'number',
    tags: [],
    unit: null,
    min: null,
    max: null,
    enum: null,
    trueText: null,
    falseText: null,
    action: null,
    writeRole: null,
    update: 'onEvent',
    intervalMs: null,
    description: null,
    protocols: {},
    line,
  };
}

/** Fills min/max from a range cell; a blank cell leaves them null. */
function applyRange(p: DraftPoint, text: string, diag: DiagnosticList): void {
  if (isBlank(text)) return;
  const range = parseRange(text);
  if (!range) {
    diag.error(
      p.line,
      `cannot read range '${text}' of '${p.name}' (expected e.g. 0-100, -25 à +50°C, 0,5-6)`,
    );
    return;
  }
  if (range.min > range.max) diag.error(p.line, `range '${text}' of '${p.name}' starts above its end`);
  p.min = range.min;
  p.max = range.max;
}

/** Sets the point's type and value words from its Type and word cell (Plage or Valeurs). */
function applyType(p: DraftPoint, typeCell: string, wordCell: string, diag: DiagnosticList): void {
  const type = typeOf(p.kind, typeCell);
  if (type === null) {
    diag.error(
      p.line,
      `unknown type '${typeCell}' of '${p.name}' (expected Analog, Binaire, Boolean, Enum, String or Timestamp)`,
    );
    return;
  }
  if (type === 'number') {
    p.type = 'number';
    applyRange(p, wordCell, diag);
    if (p.kind === 'command' && p.min === null && !diag.hasErrorsAt(p.line)) {
      diag.warn(p.line, `Analog command '${p.name}' gives no allowed range: any number will be accepted`);
    }
    return;
  }
  if (type === 'string' || type === 'datetime') {
    p.type = type;
    return;
  }
  const list = parseWords(wordCell);
  const dupe = list.find((w, i) => list.findIndex((v) => v.toUpperCase() === w.toUpperCase()) !== i);
  if (dupe) diag.error(p.line, `'${p.name}' lists the word '${dupe}' twice`);
  if (type === 'enum') {
    p.type = 'enum';
    p.enum = list;
    if (list.length === 0)
      diag.error(p.line, `Enum '${p.name}' lists no values (expected e.g. LOW/MEDIUM/HIGH)`);
    return;
  }
  if (list.length === 1 && p.kind === 'command') {
    p.type = 'action';
    p.action = list[0] as string;
    return;
  }
  if (list.length !== 2) {
    const expected =
      p.kind === 'command'
        ? 'one word (a momentary action) or two (ENABLE/DISABLE)'
        : 'two words (TRUE/FALSE)';
    diag.error(p.line, `binary '${p.name}' lists ${list.length} words; expected ${expected}`);
    return;
  }
  p.type = 'bool';
  p.trueText = activeWord(list) as string;
  p.falseText = list.find((w) => w !== p.trueText) as string;
}

function readRow(kind: PointKind, row: TableRow, map: ColumnMap, diag: DiagnosticList): DraftPoint | null {
  const name = cell(row, map, 'point').replace(/[*_`]/g, '').trim();
  if (name === '' || slug(name) === '') {
    diag.error(row.line, `point name '${name}' is empty or has no letters or digits`);
    return null;
  }
  const p = blankPoint(kind, name, row.line);
  p.tags = parseTags(cell(row, map, 'tags'));
  const unit = cell(row, map, 'unit');
  p.unit = isBlank(unit) ? null : unit.trim();
  const description = cell(row, map, 'description');
  p.description = isBlank(description) ? null : description;
  if (kind === 'sensor') {
    const typeCell = cell(row, map, 'type');
    if (map.index.type !== undefined && typeOf(kind, typeCell) !== 'number') {
      diag.error(row.line, `sensor '${name}' must be a number (type '${typeCell}')`);
    }
    applyRange(p, cell(row, map, 'range'), diag);
    const frequencyCell = cell(row, map, 'frequency');
    const frequency = parseFrequency(frequencyCell);
    if (frequency) Object.assign(p, frequency);
    else
      diag.error(
        row.line,
        `cannot read frequency '${frequencyCell}' of '${name}' (expected e.g. 100ms, 1s, 5min, 1h, Sur demande, Sur événement)`,
      );
  } else {
    applyType(p, cell(row, map, 'type'), cell(row, map, kind === 'command' ? 'range' : 'values'), diag);
  }
  for (const extra of map.extra) {
    const value = row.cells[extra.index] ?? '';
    if (!isBlank(value)) p.protocols[extra.name] = value;
  }
  p.writeRole = writeRoleOf(p);
  const roleCell = cell(row, map, 'role');
  if (!isBlank(roleCell)) {
    const role = parseWriteRole(roleCell);
    if (role) p.writeRole = role;
    else
      diag.error(
        row.line,
        `cannot read role '${roleCell.trim()}' of '${name}' (expected operator or admin; a viewer writes nothing)`,
      );
  }
  return p;
}

/**
 * Every point of one of the three point sections, in table order, and the number of rows. `rows` is null
 * when the table itself could not be read (no table, no separator, missing columns): its points are
 * unknown, so the checks that depend on them (counts, mappings) stay silent rather than echo the error.
 */
export function readPointTable(
  kind: PointKind,
  block: Block,
  diag: DiagnosticList,
): { points: DraftPoint[]; rows: number | null } {
  const table = sectionTable(block, diag);
  if (!table) return { points: [], rows: null };
  const map = checkedColumns(table, REQUIRED[kind], OPTIONAL[kind], diag);
  if (!map) return { points: [], rows: null };
  const rows = wellFormedRows(table, diag);
  const points = rows.map((row) => readRow(kind, row, map, diag)).filter((p): p is DraftPoint => p !== null);
  return { points, rows: table.rows.filter((r) => r.cells.some((c) => c !== '')).length };
}
