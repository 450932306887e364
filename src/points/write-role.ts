// Who may write a point, from the point itself (never from the device it belongs to): the least role a
// client needs, derived from its action word unless the command table's Rôle column gives it. Every interface
// asks the write path, which reads it, so the rule holds everywhere.

import type { PointKind, PointType, WriteRole } from './model.js';
import { fold } from './text.js';

/**
 * Action words of commands that reach beyond the device into the server's stored data: a backup copies every
 * user's keys and the whole history, a report the site's revenue and occupancy. Only an admin runs them.
 * (Matched without regard to case; any other action, and every other command, is an operator's.)
 */
export const ADMIN_ACTION_WORDS: readonly string[] = ['BACKUP', 'RESTORE', 'GENERATE'];

/** A Rôle cell: `operator`/`opérateur` or `admin`/`administrateur` (any case), else null. */
export function parseWriteRole(text: string): WriteRole | null {
  const word = fold(text).trim();
  if (['operator', 'operateur'].includes(word)) return 'operator';
  if (['admin', 'administrator', 'administrateur'].includes(word)) return 'admin';
  return null;
}

/** The least role that may write a point of this kind, type and action word; null for points nobody writes. */
export function writeRoleOf(point: {
  kind: PointKind;
  type: PointType;
  action: string | null;
}): WriteRole | null {
  if (point.kind !== 'command') return null;
  const word = point.type === 'action' ? point.action?.trim().toUpperCase() : undefined;
  return word !== undefined && ADMIN_ACTION_WORDS.includes(word) ? 'admin' : 'operator';
}
