// First start: with no user at all, create `admin` (role admin) so that someone can log in. Its password is
// POINTYARD_ADMIN_PASSWORD when set (for scripted installs), else a random one printed once.

import { randomBytes } from 'node:crypto';
import type { UserStore } from '../store/store.js';
import { newUser, passwordProblem } from './credentials.js';

export const ADMIN_NAME = 'admin';
export const ADMIN_PASSWORD_ENV = 'POINTYARD_ADMIN_PASSWORD';

/** What ensureAdmin did. */
export type FirstAdmin = 'exists' | 'created-from-env' | 'created-random';

/**
 * Creates `admin` when the store has no user. `print` receives the one message about it (with the random
 * password when there is one: it is shown this once and stored nowhere). Throws when the environment's password
 * is too weak, before creating anything.
 */
export async function ensureAdmin(
  store: Pick<UserStore, 'listUsers' | 'saveUser'>,
  env: Record<string, string | undefined>,
  print: (text: string) => void,
  now: () => number = Date.now,
): Promise<FirstAdmin> {
  if ((await store.listUsers()).length > 0) return 'exists';
  const fromEnv = env[ADMIN_PASSWORD_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    const problem = passwordProblem(fromEnv);
    if (problem) throw new Error(`${ADMIN_PASSWORD_ENV}: ${problem}`);
    await store.saveUser(newUser(ADMIN_NAME, 'admin', fromEnv, now()));
    print(`Created the API user '${ADMIN_NAME}' (role admin) with the password in ${ADMIN_PASSWORD_ENV}.`);
    return 'created-from-env';
  }
  const password = randomBytes(18).toString('base64url');
  await store.saveUser(newUser(ADMIN_NAME, 'admin', password, now()));
  print(
    [
      `Created the API user '${ADMIN_NAME}' (role admin). Its password, shown only this once:`,
      '',
      `    ${password}`,
      '',
      `Change it with \`pointyard user passwd ${ADMIN_NAME}\` (same --data folder).`,
      `To choose it at first start instead, set ${ADMIN_PASSWORD_ENV}.`,
    ].join('\n'),
  );
  return 'created-random';
}
