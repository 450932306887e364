// What the tests of several `pointyard start --node` processes read from their shared database: a query on a
// connection of its own, each lease's owner by the database's clock, every acknowledged write of the write
// loads in the audit trail.

import assert from 'node:assert/strict';
import pg from 'pg';
import { HTTP_POINT, MODBUS_POINT, type WriteLoad, writtenValue } from './write-load.js';

/** The rows of one query on a connection of its own (opened and closed around it). */
export async function query<T extends pg.QueryResultRow>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** Device → owner of every lease valid now, by the database's clock. */
export async function owners(url: string): Promise<Map<string, string | null>> {
  const rows = await query<{ device: string; node: string | null }>(
    url,
    'SELECT device, CASE WHEN expires_at > clock_timestamp() THEN node END AS node FROM device_leases',
  );
  return new Map(rows.map((r) => [r.device, r.node]));
}

/** The values written to `key`, as the audit trail records them. */
export async function auditedWrites(url: string, key: string): Promise<number[]> {
  const rows = await query<{ written: string }>(
    url,
    "SELECT written FROM audit WHERE key = $1 AND action = 'write'",
    [key],
  );
  return rows.map((r) => Number(JSON.parse(r.written)));
}

/** Every acknowledged write of `loads` is in the audit trail. */
export async function assertAudited(url: string, loads: readonly WriteLoad[]): Promise<void> {
  for (const [key, loop] of [
    [MODBUS_POINT, 'modbus'],
    [HTTP_POINT, 'http'],
  ] as const) {
    const values = new Set(await auditedWrites(url, key));
    const most = Math.max(...loads.map((l) => l[loop].acked));
    for (let n = 0; n < most; n++)
      assert.ok(values.has(writtenValue(n)), `${key}: acknowledged ${writtenValue(n)} audited`);
  }
}
