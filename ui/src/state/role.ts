// The logged-in user's role, and what each role may do (docs/haystack-auth.md).
import { ForbiddenError, type HaystackClient, HaystackError } from '../api/client';
import { gridOf, ref } from '../api/hayson';

export type Role = 'viewer' | 'operator' | 'admin';

/** Lowest (most urgent) priority level each role may write: operators 8–16, admins 1–16. */
export const LOWEST_LEVEL: Record<Role, number | null> = { viewer: null, operator: 8, admin: 1 };

export const canWrite = (role: Role, level?: number): boolean => {
  const lowest = LOWEST_LEVEL[role];
  return lowest !== null && (level === undefined || level >= lowest);
};

export const canInvoke = (role: Role): boolean => role !== 'viewer';

/** May `role` write at `level`? Asked with a write to no point: refused by role (403) or, when the role may,
 * by the op itself (no such point), so nothing is ever written. */
async function mayWriteAt(client: HaystackClient, level: number): Promise<boolean> {
  try {
    await client.op('pointWrite', gridOf([{ id: ref('~role-probe'), level, val: null }]));
    return true;
  } catch (err) {
    if (err instanceof ForbiddenError) return false;
    if (err instanceof HaystackError) return true;
    throw err;
  }
}

/** The role of the session's user. The API has no "who am I" op yet, so it is found from what it may do. */
export async function detectRole(client: HaystackClient): Promise<Role> {
  if (!(await mayWriteAt(client, 16))) return 'viewer';
  return (await mayWriteAt(client, 1)) ? 'admin' : 'operator';
}
