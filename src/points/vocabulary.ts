// Warnings for the words of a points list that Pointyard does not know: units and Haystack tags.

import { HAYSTACK_TAGS } from './data/haystack-tags.js';
import type { DiagnosticList } from './diagnostics.js';
import type { PointKind } from './model.js';
import { isKnownUnit } from './units.js';
import { isTagName } from './values.js';

/** A unit outside our table and the Haystack database is a warning: it is kept for display only. */
export function checkUnit(unit: string | null, line: number, diag: DiagnosticList): void {
  if (unit !== null && !isKnownUnit(unit)) {
    diag.warn(line, `unknown unit '${unit}': kept for display, no Haystack or protocol unit`);
  }
}

/**
 * Tags points lists use that Haystack 4 does not define: `status` marks a status point (Haystack itself
 * only has `curStatus`). Accepted without a warning and documented in docs/points-list.md.
 */
const POINTS_LIST_TAGS: ReadonlySet<string> = new Set(['status']);

const KIND_TAG: Record<PointKind, string> = { sensor: 'sensor', command: 'cmd', status: 'status' };

/** Malformed tag names are errors; unknown tags, a missing `point` tag or a foreign kind tag are warnings. */
export function checkTags(tags: string[], kind: PointKind, line: number, diag: DiagnosticList): void {
  for (const tag of tags) {
    if (!isTagName(tag))
      diag.error(
        line,
        `'${tag}' is not a Haystack tag name (a lower-case letter, then letters, digits or _)`,
      );
    else if (!HAYSTACK_TAGS.has(tag) && !POINTS_LIST_TAGS.has(tag))
      diag.warn(line, `unknown Haystack tag '${tag}'`);
  }
  if (tags.length > 0 && !tags.includes('point')) diag.warn(line, "tags lack the 'point' marker");
  for (const [other, tag] of Object.entries(KIND_TAG)) {
    if (other !== kind && tags.includes(tag)) diag.warn(line, `a ${kind} point tagged '${tag}'`);
  }
}
