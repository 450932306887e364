// The users of the HTTP API on PostgreSQL (SCRAM-SHA-256 keys only), listed by name in byte order.

import type { User, UserStore } from '../store.js';
import type { PgDatabase } from './pg-database.js';

type UserRow = {
  name: string;
  role: User['role'];
  salt: string;
  iterations: number;
  stored_key: string;
  server_key: string;
  created_at: number;
  updated_at: number;
};

const userOf = (r: UserRow): User => ({
  name: r.name,
  role: r.role,
  salt: r.salt,
  iterations: r.iterations,
  storedKey: r.stored_key,
  serverKey: r.server_key,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export class PgUsers implements UserStore {
  constructor(private readonly db: PgDatabase) {}

  async getUser(name: string): Promise<User | null> {
    const { rows } = await this.db.query<UserRow>('SELECT * FROM users WHERE name = $1', [name]);
    return rows[0] ? userOf(rows[0]) : null;
  }

  async saveUser(user: User): Promise<void> {
    await this.db.query(
      `INSERT INTO users (name, role, salt, iterations, stored_key, server_key, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (name) DO UPDATE SET role = excluded.role, salt = excluded.salt,
         iterations = excluded.iterations, stored_key = excluded.stored_key, server_key = excluded.server_key,
         created_at = excluded.created_at, updated_at = excluded.updated_at`,
      [
        user.name,
        user.role,
        user.salt,
        user.iterations,
        user.storedKey,
        user.serverKey,
        user.createdAt,
        user.updatedAt,
      ],
      true,
    );
  }

  async deleteUser(name: string): Promise<boolean> {
    const { rowCount } = await this.db.query('DELETE FROM users WHERE name = $1', [name], true);
    return (rowCount ?? 0) > 0;
  }

  async listUsers(): Promise<User[]> {
    const { rows } = await this.db.query<UserRow>('SELECT * FROM users ORDER BY name');
    return rows.map(userOf);
  }
}
