// Alarm reports in the SQLite store: what the transmitter's queue takes one call at a time (each synced
// before it resolves), what the receiver's log takes, and a page of the log read at 100,000 reports.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OutgoingReport } from '../src/store/alarm-reports.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { receivedReport, T0 } from './alarm-report-samples.js';
import { type Figure, measureAsync, round3 } from './harness.js';

const group = 'Alarm reports store';

const outgoing = (n: number): OutgoingReport => ({
  code: 'BA',
  zone: String(n % 100),
  text: '',
  time: T0 + n,
  device: 'pir-1',
  point: 'alarm-status',
});

export async function alarmReportsBench(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pointyard-bench-alarm-reports-'));
  const store = new SqliteStore(join(dir, 'data'));
  const reports = store.alarmReports;
  try {
    let n = 0;
    const enqueue = await measureAsync(() => reports.enqueue('1234', outgoing(n++)), 1500, 50);
    const queued = (await reports.pending('1234')).map((q) => q.seq);
    let i = 0;
    const ack = await measureAsync(
      () => reports.acknowledged(queued[i++ % queued.length] as number, 'R1', T0 + i),
      1500,
      50,
    );
    let r = 0;
    const record = await measureAsync(() => reports.record(receivedReport(r++)), 1500, 50);
    // Fill the log to 100,000 reports directly, then read a page of one account and of the whole log.
    const insert = store.database.prepare(
      `INSERT INTO alarm_report_log (received_at, account, receiver, line, sequence, code, zone, text,
         event_time, remote, transport, encrypted, frame)
       VALUES (@receivedAt, @account, @receiver, @line, @sequence, @code, @zone, @text, @eventTime, @remote,
         @transport, 0, @frame)`,
    );
    const fill = store.database.transaction((from: number, to: number) => {
      for (let k = from; k < to; k++) insert.run(receivedReport(k));
    });
    const rows = (await reports.list()).length;
    for (let k = r; k < 100_000; k += 10_000) fill(k, Math.min(100_000, k + 10_000));
    const page = await measureAsync(() => reports.list({ account: 'acct-7', limit: 100 }), 500, 20);
    const newest = await measureAsync(() => reports.list({ limit: 100 }), 500, 20);
    const note = 'one call at a time, each synced to disk before it resolves (SQLite, synchronous FULL)';
    return [
      { group, name: 'enqueue', value: round3(enqueue.opsPerSecond), unit: 'reports/s', note },
      {
        group,
        name: 'acknowledged (queue → delivery record)',
        value: round3(ack.opsPerSecond),
        unit: 'reports/s',
        note,
      },
      {
        group,
        name: 'record (resend check + log)',
        value: round3(record.opsPerSecond),
        unit: 'reports/s',
        note: `${note}; ${rows} in the log`,
      },
      { group, name: 'list: an account, newest 100, of 100,000', value: round3(page.p50Ms), unit: 'ms p50' },
      { group, name: 'list: newest 100, of 100,000', value: round3(newest.p50Ms), unit: 'ms p50' },
    ];
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
