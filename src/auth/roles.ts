// What each role may do (spec: viewer reads; operator writes at levels 8–16 and runs actions; admin does
// everything, users included). A server asks `can` before each request and refuses it when it says no.

import { OPERATOR_LEVELS } from '../core/priority-array.js';
import type { Role } from '../store/store.js';

/**
 * `read`: read, nav, watches, hisRead, about… · `write`: pointWrite and hisWrite at a priority level ·
 * `invoke`: invokeAction (momentary commands) · `admin`: users, server commands such as backup.
 */
export type Action = 'read' | 'write' | 'invoke' | 'admin';

export const ROLES: readonly Role[] = ['viewer', 'operator', 'admin'];

/** The priority levels an operator may write (the write path's rule, which every interface gets). */
export { OPERATOR_LEVELS };

export const isRole = (text: string): text is Role => (ROLES as readonly string[]).includes(text);

/**
 * True when `role` may do `action`. A write names its priority `level` (1–16); without a valid level only an
 * admin may write (hisWrite, which has no level, is an admin's write).
 */
export function can(role: Role, action: Action, level?: number): boolean {
  if (role === 'admin') return action !== 'write' || level === undefined || validLevel(level);
  if (action === 'read') return true;
  if (role === 'viewer') return false;
  if (action === 'invoke') return true;
  if (action === 'write')
    return (
      level !== undefined && validLevel(level) && level >= OPERATOR_LEVELS.min && level <= OPERATOR_LEVELS.max
    );
  return false;
}

const validLevel = (level: number): boolean => Number.isInteger(level) && level >= 1 && level <= 16;
