// The settings of a heartbeat's transaction, on a real PostgreSQL: one statement sets the statement timeout
// (the ttl), the idle-in-transaction timeout (the safety margin) and an asynchronous commit, for that
// transaction only (the pooled connection goes back with its own settings).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { heartbeatSettings } from '../../src/cluster/leases-settings.js';
import { filePostgres } from '../support/postgres.js';

const { skip, postgres } = filePostgres({ fsync: false });

test(
  'a heartbeat transaction: ttl, safety margin and an asynchronous commit, in one statement, local to it',
  { skip },
  async () => {
    const client = new pg.Client({
      connectionString: await postgres().createDatabase('settings'),
    });
    await client.connect();
    try {
      const show = async () =>
        (
          await client.query<{ st: string; idle: string; sync: string }>(
            "SELECT current_setting('statement_timeout') AS st, current_setting('idle_in_transaction_session_timeout') AS idle, current_setting('synchronous_commit') AS sync",
          )
        ).rows[0];
      const outside = await show();
      await client.query('BEGIN');
      await client.query(heartbeatSettings(4000, 500));
      assert.deepEqual(await show(), { st: '4s', idle: '500ms', sync: 'off' });
      await client.query('COMMIT');
      assert.deepEqual(await show(), outside, 'the settings end with the transaction');
    } finally {
      await client.end();
    }
  },
);
