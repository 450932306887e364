// A user record as the store keeps it, with fixed keys: for tests that need users in a store, not logins.
import type { User } from '../../src/store/store.js';

export const storedUser = (name: string, role: User['role'] = 'viewer', t = 1_700_000_000_000): User => ({
  name,
  role,
  salt: Buffer.alloc(32, 1).toString('base64'),
  iterations: 10_000,
  storedKey: Buffer.alloc(32, 2).toString('base64'),
  serverKey: Buffer.alloc(32, 3).toString('base64'),
  createdAt: t,
  updatedAt: t,
});
