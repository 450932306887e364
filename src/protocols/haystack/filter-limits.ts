// Limits on a Haystack filter, so that one request cannot make the server parse, index or evaluate without
// bound: its length and nesting are checked on the text (before parsing), its terms and `->` paths on the
// parsed tree. A filter past a limit is an OpError (an error grid) that says which limit and what to do.

import type { FilterNodeData } from './filter-node.js';
import { OpError } from './grids.js';

export const FILTER_LIMITS = {
  /** Characters in the filter text. */
  maxLength: 32_768,
  /** Parentheses open at once. */
  maxNesting: 32,
  /** Nodes of the parsed filter: terms, `and`, `or` and parentheses. */
  maxTerms: 500,
  /** Tag names in one `->` path (`equipRef->siteRef->tz` has 3). */
  maxPathLength: 16,
} as const;

/** Deepest parenthesis nesting outside string literals. */
function nestingOf(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '(') deepest = Math.max(deepest, ++depth);
    else if (c === ')') depth--;
  }
  return deepest;
}

/** Throws an OpError when the filter text is too long or too deeply nested to be parsed. */
export function checkFilterText(text: string): void {
  const { maxLength, maxNesting } = FILTER_LIMITS;
  if (text.length > maxLength)
    throw new OpError(`filter too long: ${text.length} characters, at most ${maxLength}`);
  if (nestingOf(text) > maxNesting)
    throw new OpError(`filter too deeply nested: at most ${maxNesting} parentheses open at once`);
}

/** Throws an OpError when the parsed filter has too many terms or too long a `->` path. */
export function checkFilterTree(root: FilterNodeData): void {
  const { maxTerms, maxPathLength } = FILTER_LIMITS;
  let count = 0;
  const stack: FilterNodeData[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as FilterNodeData;
    // The parser wraps each side of an `or` in an `and` of one term: such wrappers are not counted.
    const wrapper = (node.type === 'condAnd' || node.type === 'condOr') && node.nodes?.length === 1;
    if (!wrapper && ++count > maxTerms)
      throw new OpError(`filter too large: more than ${maxTerms} terms, and/or and parentheses`);
    for (const token of node.tokens ?? [])
      if ((token.paths?.length ?? 0) > maxPathLength)
        throw new OpError(
          `filter path too long: ${token.paths?.length} names joined by ->, at most ${maxPathLength}`,
        );
    for (const child of node.nodes ?? []) stack.push(child);
  }
}
