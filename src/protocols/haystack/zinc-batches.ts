// Reads a large Zinc request grid a batch of rows at a time, giving the event loop back between batches, so
// that a big hisWrite does not hold up every other client (and the other protocols) while it is parsed.
// A Zinc row is one line: the version line, the column line and the row lines are split on line breaks and
// each batch is parsed with the same two header lines. Anything else (a nested grid, a blank line inside the
// grid, a batch that does not parse alone) is read in one go, as before, so the answer is always the same.

import { HGrid, ZincReader } from 'haystack-core';
import { withHaxallUriEscapes } from './uri-escapes.js';

/** Below this many characters a body is read in one go (a few ms). */
export const BATCHED_ABOVE = 64 * 1024;
/** Rows parsed between two turns of the event loop. */
const ROWS_PER_BATCH = 1000;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A grid of no columns as haystack-core writes one (haystack-nclient's invokeAction without arguments): the
 * meta line, then an empty column line, which its own reader refuses. Read as the meta and no rows.
 */
const NO_COLUMNS = /^(ver:[^\r\n]*)\r?\n(?:[ \t]*\r?\n)*$/;

function readWhole(text: string): HGrid {
  const noColumns = NO_COLUMNS.exec(text);
  const grid = ZincReader.readValue(withHaxallUriEscapes(noColumns ? `${noColumns[1]}\nempty\n` : text));
  if (!(grid instanceof HGrid)) throw new Error('the body is not a Zinc grid');
  return grid;
}

/** The grid of a Zinc body; throws when it is not one. */
export async function readZincGrid(text: string): Promise<HGrid> {
  if (text.length <= BATCHED_ABOVE || text.includes('<<')) return readWhole(text);
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]?.trim() === '') lines.pop();
  const [version, columns] = lines;
  if (version === undefined || columns === undefined || lines.some((line) => line.trim() === ''))
    return readWhole(text);
  const header = `${version}\n${columns}\n`;
  let grid: HGrid | null = null;
  for (let start = 2; start < lines.length; start += ROWS_PER_BATCH) {
    if (grid !== null) await yieldToEventLoop();
    let batch: HGrid;
    try {
      batch = readWhole(header + lines.slice(start, start + ROWS_PER_BATCH).join('\n'));
    } catch {
      return readWhole(text); // the whole body's own error (or its answer, if a row spans lines)
    }
    if (grid === null) grid = batch;
    else if (batch.length > 0) grid.add(batch.getRows());
  }
  return grid ?? readWhole(text);
}
