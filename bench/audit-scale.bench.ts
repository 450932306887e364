// Audit figures: the same queries at 1,000 and at 1,000,000 records (the priority-array read, the audit op's
// filters), the query of before (one SQL with `(@x IS NULL OR …)`) beside them, the longest time the
// event loop waits on a 10,000-record read, and the audit op of 10,000 records through HTTP.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newUser } from '../src/auth/credentials.js';
import { VirtualClock } from '../src/core/clock.js';
import { Authenticator } from '../src/protocols/haystack/auth/authenticator.js';
import { haystackLogin } from '../src/protocols/haystack/client/scram-login.js';
import { startHaystackServer } from '../src/protocols/haystack/server.js';
import { PROTOCOLS } from '../src/protocols/registry.js';
import { Runtime } from '../src/runtime/runtime.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { AuditFilter } from '../src/store/store.js';
import { type Figure, measureAsync, round3 } from './harness.js';
import { benchSite } from './sites.js';

const group = 'Audit at scale';
const DEVICES = 100;
const POINTS = 10;
const USERS = 20;
const T0 = Date.UTC(2026, 0, 5);

/** Appends audit records `from`…`to`-1: one every 100 ms, round-robin over points and users. */
function fill(store: SqliteStore, from: number, to: number): void {
  const insert = store.database.prepare(
    `INSERT INTO audit (ts, who, via, remote, key, level, action, written, before, after)
     VALUES (?, ?, 'bench', '127.0.0.1:50000', ?, 16, 'write', '21.5', '20', '21.5')`,
  );
  const batch = store.database.transaction((start: number, end: number) => {
    for (let i = start; i < end; i++)
      insert.run(T0 + i * 100, `user-${i % USERS}`, `dev-${i % DEVICES}.sp-${(i >> 7) % POINTS}`);
  });
  for (let i = from; i < to; i += 50_000) batch(i, Math.min(to, i + 50_000));
}

/** The queries, for a table of `rows` records. */
function queries(rows: number): Array<[string, AuditFilter]> {
  const middle = T0 + Math.floor(rows / 2) * 100;
  return [
    ['priority-array read (a point, last 500)', { key: 'dev-7.sp-3', limit: 500 }],
    ['audit, limit 10,000', { limit: 10_000 }],
    ['audit of a user, limit 200', { who: 'user-3', limit: 200 }],
    ['audit of an equip, limit 200', { device: 'dev-7', limit: 200 }],
    ['audit of a past hour, limit 200', { from: middle - 3_600_000, to: middle, limit: 200 }],
  ];
}

async function timeQueries(store: SqliteStore, rows: number): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const [name, filter] of queries(rows)) {
    const timing = await measureAsync(() => store.queryAudit(filter), 400, 5);
    out.set(name, timing.p50Ms);
  }
  return out;
}

/** The SQL of before: every filter in one statement, so SQLite used the time index and sorted. */
function queryBefore(store: SqliteStore, key: string | null, limit: number): number {
  const stmt = store.database.prepare(
    `SELECT ts, who, via, remote, key, level, action, written, before, after FROM audit
     WHERE ts >= @from AND ts < @to AND (@key IS NULL OR key = @key) AND (@who IS NULL OR who = @who)
     ORDER BY id DESC LIMIT @limit`,
  );
  const params = { from: Number.NEGATIVE_INFINITY, to: Number.POSITIVE_INFINITY, key, who: null, limit };
  stmt.all(params); // warm
  const t = performance.now();
  stmt.all(params);
  return performance.now() - t;
}

/** The longest gap between two turns of the event loop while `work` runs, ms. */
async function longestBlock(work: () => Promise<unknown>): Promise<number> {
  let done = false;
  let last = performance.now();
  let longest = 0;
  const tick = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (!done) setImmediate(tick);
  };
  setImmediate(tick);
  await work();
  done = true;
  return longest;
}

/** `audit` with limit 10,000 through a Haystack server on `store` (Zinc): p50 ms and the longest loop wait. */
async function auditOverHttp(store: SqliteStore): Promise<{ p50: number; block: number }> {
  const site = benchSite(10);
  const runtime = await Runtime.open({ site, store, clock: new VirtualClock(T0), seed: 1 });
  const password = 'bench password 1234';
  await store.saveUser(newUser('bench', 'admin', password, Date.now()));
  const server = await startHaystackServer({
    site,
    plugins: PROTOCOLS,
    runtime,
    host: '127.0.0.1',
    port: 0,
    authenticator: new Authenticator({ store }),
  });
  try {
    const { fetch } = await haystackLogin(server.url, 'bench', password);
    const call = async () => {
      const response = await fetch(`${server.url}audit`, {
        method: 'POST',
        headers: { 'content-type': 'text/zinc', accept: 'text/zinc' },
        body: 'ver:"3.0"\nlimit\n10000\n',
      });
      const text = await response.text();
      if (response.status !== 200 || text.startsWith('ver:"3.0" err')) throw new Error(`audit: ${text}`);
    };
    const timing = await measureAsync(call, 2000, 5);
    return { p50: timing.p50Ms, block: await longestBlock(call) };
  } finally {
    await server.close();
    await runtime.stop();
  }
}

export async function auditScaleBench(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pointyard-bench-audit-'));
  const store = new SqliteStore(dir);
  try {
    fill(store, 0, 1000);
    const small = await timeQueries(store, 1000);
    fill(store, 1000, 1_000_000);
    const large = await timeQueries(store, 1_000_000);
    const figures: Figure[] = [...large].map(([name, ms]) => ({
      group,
      name: `${name}, 1M records`,
      value: round3(ms),
      unit: 'ms (p50)',
      note: `1k records: ${round3(small.get(name) as number)} ms`,
    }));
    const block = await longestBlock(() => store.queryAudit({ limit: 10_000 }));
    const http = await auditOverHttp(store);
    figures.push(
      {
        group,
        name: 'before: priority-array read, 1M records',
        value: round3(queryBefore(store, 'dev-7.sp-3', 500)),
        unit: 'ms',
        note: 'the single statement with (@key IS NULL OR key = @key)',
      },
      {
        group,
        name: 'before: audit, limit 10,000, 1M records',
        value: round3(queryBefore(store, null, 10_000)),
        unit: 'ms',
        note: 'one synchronous statement: the event loop waits all of it',
      },
      {
        group,
        name: 'longest event-loop wait, audit limit 10,000, 1M records',
        value: round3(block),
        unit: 'ms',
        note: 'read 1,000 records a step; the query only, not the Haystack encoding',
      },
      {
        group,
        name: 'audit op through HTTP, limit 10,000, 1M records',
        value: round3(http.p50),
        unit: 'ms (p50)',
        note: `Zinc; longest event-loop wait during a call (server and client in one process): ${round3(http.block)} ms`,
      },
    );
    return figures;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
