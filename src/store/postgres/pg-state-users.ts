// The users of the HTTP API on PostgreSQL (SCRAM-SHA-256 keys only), listed by name in byte order.

import { type UserRow, userOf } from '../rows.js';
import type { User, UserStore } from '../store.js';
import type { PgDatabase } from './pg-database.js';

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
