// The site file as YAML: its plain value, its syntax errors with their lines, and the line of any node
// by path, so that every later check can point at the line a person wrote.

import { type Document, isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import type { DiagnosticList } from '../points/diagnostics.js';

/** A path into the document: mapping keys and list indexes, as in a JSON pointer. */
export type Path = readonly (string | number)[];

export interface YamlSource {
  /** The document as plain data: null for an empty document. */
  value: unknown;
  /**
   * Line of the node at `path`: of its key when it is a mapping entry, of the item when it is a list item.
   * A path that does not exist gives the line of its nearest ancestor that does.
   */
  lineOf(path: Path): number;
}

/** Reads YAML text; syntax errors go to `diag` and give null (nothing is loaded from a bad file). */
export function readYaml(text: string, diag: DiagnosticList): YamlSource | null {
  const counter = new LineCounter();
  // logLevel 'error': yaml's console warnings (collection keys) would bypass the diagnostics.
  const doc = parseDocument(text, { lineCounter: counter, logLevel: 'error', prettyErrors: false });
  const lineAt = (offset: number) => counter.linePos(offset).line;
  for (const error of doc.errors) diag.error(lineAt(error.pos[0]), syntaxMessage(error.code, error, text));
  for (const warning of doc.warnings)
    diag.warn(lineAt(warning.pos[0]), `YAML: ${firstLine(warning.message)}`);
  if (doc.errors.length > 0) return null;
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (err) {
    // An alias to an undefined anchor, or aliases expanding past yaml's limit (a "billion laughs" file).
    diag.error(lineAt(unresolvedAliasOffset(doc) ?? 0), `YAML: ${firstLine((err as Error).message)}`);
    return null;
  }
  return { value: value ?? null, lineOf: (path) => lineAt(offsetOf(doc, path)) };
}

function syntaxMessage(
  code: string,
  error: { pos: [number, number]; message: string },
  text: string,
): string {
  if (code === 'DUPLICATE_KEY') {
    // The error points at the start of the second key: its text runs to the `:` (or the line's end).
    const key = /^\s*(?:"([^"]*)"|'([^']*)'|([^:\n]*))/.exec(text.slice(error.pos[0]));
    const name = (key?.[1] ?? key?.[2] ?? key?.[3] ?? '').trim();
    return `YAML: key '${name}' appears twice in the same mapping`;
  }
  return `YAML: ${firstLine(error.message)}`;
}

/** The first line of a yaml message, without its `at line L, column C` tail (the line is reported apart). */
function firstLine(message: string): string {
  return (message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
}

function unresolvedAliasOffset(doc: Document): number | null {
  let offset: number | null = null;
  visit(doc, {
    Alias(_, alias) {
      if (alias.resolve(doc) !== undefined) return undefined;
      offset = alias.range?.[0] ?? null;
      return visit.BREAK;
    },
  });
  return offset;
}

/** Start offset of the node at `path` (of its key for a mapping entry), or of its nearest ancestor. */
function offsetOf(doc: Document, path: Path): number {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === String(segment));
      if (!pair) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node)) {
      const item: unknown = node.items[Number(segment)];
      if (item === undefined) break;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else break;
  }
  return offset;
}

function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range?.[0];
}
