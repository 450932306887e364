// The SQLite alarm reports at scale: every read of the receiver's log, the resend check and the retention
// deletes are served by an index (no table scan, no sort). What they return is in the conformance suite.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import type { ReceivedFilter } from '../../src/store/alarm-reports.js';
import { logPageSql } from '../../src/store/sqlite/alarm-report-log-reader.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-alarm-reports-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** Every SQL touching the alarm reports' tables prepared on any database while `fn` runs (the store's own too). */
async function statementsWhile(fn: () => Promise<unknown>): Promise<string[]> {
  const proto = Database.prototype as { prepare: (sql: string) => Database.Statement };
  const prepare = proto.prepare;
  const seen = new Set<string>();
  proto.prepare = function (this: Database.Database, sql: string) {
    if (/alarm_report/.test(sql) && !sql.startsWith('EXPLAIN')) seen.add(sql);
    return prepare.call(this, sql);
  };
  try {
    await fn();
  } finally {
    proto.prepare = prepare;
  }
  return [...seen];
}

const PARAMS: Record<string, unknown> = {
  account: '1234',
  code: 'BA',
  from: 0,
  to: 1e15,
  limit: 10,
  afterTs: 0,
  afterId: 0,
  sequence: 1,
  since: 0,
  receivedAt: 1,
  receiver: 'R1',
  line: 'L1',
  zone: '001',
  text: '',
};

function planOf(store: SqliteStore, sql: string): string {
  const named = Object.fromEntries(Object.entries(PARAMS).filter(([name]) => sql.includes(`@${name}`)));
  const positional = (sql.match(/\?/g) ?? []).map(() => 1);
  const stmt = store.database.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  const rows = (Object.keys(named).length > 0 ? stmt.all(named) : stmt.all(...positional)) as Array<{
    detail: string;
  }>;
  return rows.map((r) => r.detail).join(' | ');
}

test('each filter of the log uses an index that gives the order: no table scan, no sort', async () => {
  const store = new SqliteStore(join(root, 'plans'));
  const filters: ReceivedFilter[] = [
    { limit: 10 },
    { account: '1234' },
    { code: 'BA' },
    { account: '1234', code: 'BA' },
    { from: 0, to: 1e15 },
    { account: '1234', from: 0 },
    { code: 'BA', to: 1e15 },
  ];
  for (const filter of filters) {
    for (const after of [false, true]) {
      const plan = planOf(store, logPageSql(filter, after));
      const label = `${JSON.stringify(filter)}${after ? ' (next page)' : ''}: ${plan}`;
      assert.doesNotMatch(plan, /TEMP B-TREE|SCAN alarm_report_log$/, label);
      assert.match(plan, /USING (COVERING )?INDEX/, label);
      if (filter.account) assert.match(plan, /SEARCH .*INDEX alarm_report_log_account/, label);
      else if (filter.code) assert.match(plan, /SEARCH .*INDEX alarm_report_log_code/, label);
    }
  }
  await store.close();
});

test('the resend check, the queue and retention search their indexes; nothing sorts', async () => {
  const report = {
    receivedAt: 1000,
    account: '1234',
    receiver: 'R1',
    line: 'L1',
    sequence: 1,
    code: 'BA',
    zone: '001',
    text: '',
    eventTime: null,
    remote: '127.0.0.1:1',
    transport: 'tcp' as const,
    encrypted: false,
    frame: 'frame',
  };
  let store: SqliteStore | undefined;
  const statements = await statementsWhile(async () => {
    store = new SqliteStore(join(root, 'writes'));
    const reports = store.alarmReports;
    const seq = await reports.enqueue('1234', {
      code: 'BA',
      zone: '001',
      text: '',
      time: 0,
      device: 'pir',
      point: null,
    });
    await reports.pending('1234');
    await reports.attempt(seq, 'primary', { outcome: 'nak', at: 1 });
    await reports.acknowledged(seq, 'primary', 2);
    await reports.accounts();
    await reports.delivered({ account: '1234', limit: 5 });
    await reports.delivered({ limit: 5 });
    await reports.pruneDelivered({ keep: 10, before: 500 }, 100);
    await reports.record(report);
    await reports.list({ account: '1234' });
    await reports.pruneReceived({ keep: 0, before: 500 }, 100);
    await reports.lastSeen('1234');
  });
  const reads = statements.filter((sql) => /^\s*(SELECT|DELETE|UPDATE)/.test(sql));
  assert.ok(reads.length >= 12, `${reads.length} statements read or delete`);
  for (const sql of reads) {
    const plan = planOf(store as SqliteStore, sql);
    assert.doesNotMatch(plan, /TEMP B-TREE/, `${sql}: ${plan}`);
    // The walks allowed: a whole table newest first in the order of its key (no filter, stopped by a limit);
    // and over the newest `keep` rows, in the order of the key or an index, to find retention's cut.
    const allowed = sql.includes('OFFSET')
      ? plan.replace(/SCALAR SUBQUERY \d+ \| SCAN \w+( USING \w+ INDEX \w+)?/, '')
      : plan;
    if (!/WHERE/.test(sql)) continue;
    assert.doesNotMatch(allowed, /SCAN alarm_report_\w+\b(?! USING)/, `${sql}: ${plan}`);
  }
  await store?.close();
});
