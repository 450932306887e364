// The users of the API, as a protocol's admin ops manage them (the rules on names, passwords and the last
// admin are the caller's).

import type { User, UserStore } from '../../store/store.js';

export interface UsersService {
  get(name: string): Promise<User | null>;
  /** Every user, by name. */
  list(): Promise<User[]>;
  /** Creates or replaces the user of that name. */
  save(user: User): Promise<void>;
  /** Removes the user; false when there was none. */
  remove(name: string): Promise<boolean>;
}

export function usersService(store: UserStore): UsersService {
  return {
    get: (name) => store.getUser(name),
    list: () => store.listUsers(),
    save: (user) => store.saveUser(user),
    remove: (name) => store.deleteUser(name),
  };
}
