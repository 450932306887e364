// Node-wide roles (one node of a cluster plays each at a time) are leased like devices, in the same table with
// the same tokens, heartbeat, expiry and self-fencing: their lease keys are `@role:<name>`, which no device
// id can be (a device id is lower-case letters, digits and hyphens).

/** The prefix of a role's lease key. */
export const ROLE_PREFIX = '@role:';

/** The lease key of `role`. */
export function roleKey(role: string): string {
  return `${ROLE_PREFIX}${role}`;
}

/** Whether a lease key is a role's. */
export function isRoleKey(key: string): boolean {
  return key.startsWith(ROLE_PREFIX);
}

/** The role of a role's lease key. */
export function roleOfKey(key: string): string {
  return key.slice(ROLE_PREFIX.length);
}
