// The rules of managing users, the same for `pointyard user` and for the API's user ops: a new password gets a
// fresh salt (and ends the user's sessions, whose StoredKey no longer matches), and the last admin cannot be
// removed, so that someone can always manage users. Users themselves live in the store (UserStore).

import type { User, UserStore } from '../store/store.js';
import { createCredentials } from './credentials.js';

/** `user` with new credentials for `password` (a fresh salt), changed at `now` (epoch ms). */
export function withPassword(user: User, password: string, now: number): User {
  return { ...user, ...createCredentials(password), updatedAt: now };
}

/** True when `user` is an admin and no other user is: removing them would leave nobody to manage users. */
export async function isLastAdmin(store: Pick<UserStore, 'listUsers'>, user: User): Promise<boolean> {
  if (user.role !== 'admin') return false;
  return (await store.listUsers()).filter((u) => u.role === 'admin').length === 1;
}
