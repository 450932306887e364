// Whether a role may make a write: the one rule every interface gets through the write path. A viewer writes
// nothing; an operator writes at priority levels 8–16 and runs the actions that are not an admin's (the point's
// `writeRole`); an admin writes everything.

import { OPERATOR_LEVELS } from '../core/priority-array.js';
import type { Point } from '../points/model.js';
import type { Role } from '../store/store.js';

export { OPERATOR_LEVELS };

const ARTICLE: Record<Role, string> = { viewer: 'a viewer', operator: 'an operator', admin: 'an admin' };

/** True when `role` may write anything at all (a viewer may not). */
export const writesAtAll = (role: Role): boolean => role !== 'viewer';

/**
 * Why `role` may not write `point` at priority `level`, or null when it may. A momentary action has no level
 * (it is run, not held), so only its `writeRole` counts.
 */
export function writeRefusal(role: Role, point: Point, level: number): string | null {
  if (role === 'admin') return null;
  if (!writesAtAll(role)) return `${ARTICLE[role]} may not write ${point.name}`;
  if (point.writeRole === 'admin')
    return `${point.name} is an admin's command: ${ARTICLE[role]} may not ${point.type === 'action' ? 'run' : 'write'} it`;
  if (point.type !== 'action' && (level < OPERATOR_LEVELS.min || level > OPERATOR_LEVELS.max))
    return `${ARTICLE[role]} writes at priority levels ${OPERATOR_LEVELS.min}–${OPERATOR_LEVELS.max}, not ${level}`;
  return null;
}
