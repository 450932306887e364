// The logged-in user's role, and what each role may do (docs/haystack-auth.md).
import { type HaystackClient, HaystackError } from '../api/client';
import { str } from '../api/hayson';

export type Role = 'viewer' | 'operator' | 'admin';

/** Lowest (most urgent) priority level each role may write: operators 8–16, admins 1–16. */
export const LOWEST_LEVEL: Record<Role, number | null> = { viewer: null, operator: 8, admin: 1 };

export const canWrite = (role: Role, level?: number): boolean => {
  const lowest = LOWEST_LEVEL[role];
  return lowest !== null && (level === undefined || level >= lowest);
};

export const canInvoke = (role: Role): boolean => role !== 'viewer';

/** Whether `role` may write a point whose record says `writeRole` (an admin's command: admins only). */
export const canWritePoint = (role: Role, writeRole: string | null): boolean =>
  role !== 'viewer' && (writeRole !== 'admin' || role === 'admin');

const ROLES: readonly Role[] = ['viewer', 'operator', 'admin'];

/** The session's user and role, as the server's `about` tells them (`userName`, `userRole`). */
export async function whoAmI(client: HaystackClient): Promise<{ user: string | null; role: Role }> {
  const row = (await client.op('about')).rows[0] ?? {};
  const role = str(row.userRole);
  if (!role || !ROLES.includes(role as Role))
    throw new HaystackError(`about: the server did not say the user's role (${role ?? 'none'})`, 'about');
  return { user: str(row.userName), role: role as Role };
}
