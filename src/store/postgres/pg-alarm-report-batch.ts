// A batch of received alarm reports logged in one PostgreSQL transaction, as SQLite logs them one after the
// other: each report is a resend of the first (by time, then by order of logging) report with the same account,
// sequence, receiver, line, code, zone and text received within the window before it, in the log or earlier in
// the batch; every report moves its account's last-seen time. A constant number of statements per batch
// (arrays through `unnest`), whatever its size.
//
// Several nodes may log into one database: before looking for resends the transaction takes an advisory lock
// per (account, sequence) of the batch, in ascending order (no deadlock between batches), so that two nodes
// taking the same resend at once see each other's row; last-seen rows are updated in ascending account order.

import type pg from 'pg';
import type { ReceivedReport, RecordResult } from '../alarm-reports.js';

/** The first int4 of the advisory locks of received reports ("SIA0"); the second is a hash of the key. */
const RESEND_LOCK_CLASS = 0x53494130;

/** 32-bit FNV-1a of `text`, as a signed int4. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** What a resend repeats (sequence to text), as one string. */
const resendKey = (r: ReceivedReport) =>
  JSON.stringify([r.account, r.sequence, r.receiver, r.line, r.code, r.zone, r.text]);

/** The first earlier report a resend repeats: its time, and its id (in the log) or its index (in the batch). */
type Original = { receivedAt: number; id?: string; index?: number };

/** The first logged report each report of the batch repeats, by index in the batch (before this batch). */
async function resendsInLog(
  client: pg.ClientBase,
  reports: readonly ReceivedReport[],
  windowMs: number,
): Promise<Map<number, Original>> {
  const rows = (
    await client.query<{ i: number; id: string; received_at: number }>(
      `SELECT b.i, m.id, m.received_at
       FROM unnest($1::int4[], $2::text[], $3::int4[], $4::float8[], $5::float8[], $6::text[], $7::text[],
         $8::text[], $9::text[], $10::text[]) AS b(i, account, sequence, since, received_at, receiver, line, code,
         zone, text)
       CROSS JOIN LATERAL (
         SELECT l.id, l.received_at FROM alarm_report_log l
         WHERE l.account = b.account AND l.sequence = b.sequence AND l.received_at >= b.since
           AND l.received_at <= b.received_at AND l.receiver IS NOT DISTINCT FROM b.receiver AND l.line = b.line
           AND l.code = b.code AND l.zone = b.zone AND l.text = b.text
         ORDER BY l.received_at, l.id LIMIT 1) AS m`,
      [
        reports.map((_, i) => i),
        reports.map((r) => r.account),
        reports.map((r) => r.sequence),
        reports.map((r) => r.receivedAt - windowMs),
        reports.map((r) => r.receivedAt),
        reports.map((r) => r.receiver),
        reports.map((r) => r.line),
        reports.map((r) => r.code),
        reports.map((r) => r.zone),
        reports.map((r) => r.text),
      ],
    )
  ).rows;
  return new Map(rows.map((r) => [r.i, { receivedAt: r.received_at, id: r.id }]));
}

/** Moves each account's last-seen time to its latest report of the batch (never back), in account order. */
async function markSeen(client: pg.ClientBase, reports: readonly ReceivedReport[]): Promise<void> {
  const latest = new Map<string, number>();
  for (const r of reports)
    latest.set(r.account, Math.max(latest.get(r.account) ?? r.receivedAt, r.receivedAt));
  const accounts = [...latest.keys()].sort();
  await client.query(
    `INSERT INTO alarm_report_accounts (account, last_seen) SELECT * FROM unnest($1::text[], $2::float8[])
     ON CONFLICT (account) DO UPDATE SET last_seen = greatest(alarm_report_accounts.last_seen, excluded.last_seen)`,
    [accounts, accounts.map((a) => latest.get(a))],
  );
}

/** Inserts the reports in their order; their ids, in that order. */
async function insertReports(client: pg.ClientBase, reports: readonly ReceivedReport[]): Promise<string[]> {
  if (reports.length === 0) return [];
  const rows = (
    await client.query<{ id: string }>(
      `INSERT INTO alarm_report_log (received_at, account, receiver, line, sequence, code, zone, text, event_time,
         remote, transport, encrypted, frame)
       SELECT received_at, account, receiver, line, sequence, code, zone, text, event_time, remote, transport,
         encrypted, frame
       FROM unnest($1::float8[], $2::text[], $3::text[], $4::text[], $5::int4[], $6::text[], $7::text[],
         $8::text[], $9::float8[], $10::text[], $11::text[], $12::bool[], $13::text[])
         WITH ORDINALITY AS b(received_at, account, receiver, line, sequence, code, zone, text, event_time, remote,
           transport, encrypted, frame, n)
       ORDER BY n
       RETURNING id`,
      [
        reports.map((r) => r.receivedAt),
        reports.map((r) => r.account),
        reports.map((r) => r.receiver),
        reports.map((r) => r.line),
        reports.map((r) => r.sequence),
        reports.map((r) => r.code),
        reports.map((r) => r.zone),
        reports.map((r) => r.text),
        reports.map((r) => r.eventTime),
        reports.map((r) => r.remote),
        reports.map((r) => r.transport),
        reports.map((r) => r.encrypted),
        reports.map((r) => r.frame),
      ],
    )
  ).rows;
  // Rows are inserted (and take their ids) in the order of the SELECT: ascending ids are the reports' order.
  return rows
    .map((r) => BigInt(r.id))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map(String);
}

/** Logs `reports` in the transaction of `client`; what `AlarmReportsStore.recordAll` returns. */
export async function recordBatch(
  client: pg.ClientBase,
  reports: readonly ReceivedReport[],
  windowMs: number,
): Promise<RecordResult[]> {
  if (reports.length === 0) return [];
  const locks = [...new Set(reports.map((r) => hash32(`${r.account}\u0000${r.sequence}`)))].sort(
    (a, b) => a - b,
  );
  await client.query('SELECT pg_advisory_xact_lock($1::int4, k) FROM unnest($2::int4[]) AS k', [
    RESEND_LOCK_CLASS,
    locks,
  ]);
  const inLog = await resendsInLog(client, reports, windowMs);
  // Each report against the log and the reports before it in the batch that were logged (not resends).
  const originals: Array<Original | undefined> = [];
  const loggedByKey = new Map<string, number[]>();
  const fresh: ReceivedReport[] = [];
  const freshIndex = new Map<number, number>();
  for (const [i, report] of reports.entries()) {
    let first = inLog.get(i);
    const key = resendKey(report);
    for (const j of loggedByKey.get(key) ?? []) {
      const earlier = (reports[j] as ReceivedReport).receivedAt;
      const inWindow = earlier >= report.receivedAt - windowMs && earlier <= report.receivedAt;
      // At the same time, the log's (an older id) or the batch's earlier one stays first.
      if (inWindow && (first === undefined || earlier < first.receivedAt))
        first = { receivedAt: earlier, index: j };
    }
    originals.push(first);
    if (first === undefined) {
      loggedByKey.set(key, [...(loggedByKey.get(key) ?? []), i]);
      freshIndex.set(i, fresh.length);
      fresh.push(report);
    }
  }
  await markSeen(client, reports);
  const ids = await insertReports(client, fresh);
  const idOf = (i: number) => Number(ids[freshIndex.get(i) as number]);
  return originals.map((first, i) => {
    if (first === undefined) return { id: idOf(i), duplicate: false };
    return { id: first.id === undefined ? idOf(first.index as number) : Number(first.id), duplicate: true };
  });
}
