// A line-based reader for the small Markdown subset points lists use: headings, bullets and pipe tables.
// Our own rather than a full Markdown library because we need the line of every cell and the raw cell
// count of every row (a general parser pads or trims rows silently, hiding the errors we must report).

export interface Heading {
  level: number;
  text: string;
  line: number;
}

export interface Bullet {
  text: string;
  line: number;
}

export interface TableRow {
  cells: string[];
  line: number;
}

export interface Table {
  header: string[];
  line: number;
  /** False when the second line is not a `|---|---|` separator. */
  hasSeparator: boolean;
  rows: TableRow[];
}

/** Everything between one heading and the next. */
export interface Block {
  heading: Heading | null;
  bullets: Bullet[];
  tables: Table[];
}

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const BULLET = /^\s*[-*+]\s+(.*)$/;
const SEPARATOR_CELL = /^:?-{1,}:?$/;

/** Splits a `| a | b |` line into trimmed cells; `\|` is a literal pipe. */
export function splitRow(line: string): string[] {
  let body = line.trim();
  if (body.startsWith('|')) body = body.slice(1);
  if (body.endsWith('|') && !body.endsWith('\\|')) body = body.slice(0, -1);
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '\\' && body[i + 1] === '|') {
      cell += '|';
      i++;
    } else if (ch === '|') {
      cells.push(cell.trim());
      cell = '';
    } else {
      cell += ch;
    }
  }
  cells.push(cell.trim());
  return cells;
}

function isSeparatorRow(cells: string[]): boolean {
  return cells.length > 0 && cells.every((c) => SEPARATOR_CELL.test(c.replace(/\s+/g, '')));
}

/** Reads a document into blocks; line numbers are 1-based. Never throws. */
export function readMarkdown(text: string): Block[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const blocks: Block[] = [{ heading: null, bullets: [], tables: [] }];
  let block = blocks[0] as Block;
  let table: Table | null = null;
  let inFence = false;

  lines.forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed.startsWith('```') || trimmed.startsWith('~~~')) {
      inFence = !inFence;
      table = null;
      return;
    }
    if (inFence) return;
    if (trimmed.startsWith('|')) {
      const cells = splitRow(trimmed);
      if (table === null) {
        table = { header: cells, line, hasSeparator: false, rows: [] };
        block.tables.push(table);
      } else if (table.rows.length === 0 && !table.hasSeparator && isSeparatorRow(cells)) {
        table.hasSeparator = true;
      } else {
        table.rows.push({ cells, line });
      }
      return;
    }
    table = null;
    const heading = HEADING.exec(trimmed);
    if (heading) {
      block = {
        heading: { level: (heading[1] as string).length, text: heading[2] ?? '', line },
        bullets: [],
        tables: [],
      };
      blocks.push(block);
      return;
    }
    const bullet = BULLET.exec(raw);
    if (bullet) block.bullets.push({ text: (bullet[1] ?? '').trim(), line });
  });
  return blocks;
}
