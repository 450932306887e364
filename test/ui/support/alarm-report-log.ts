// The alarm-report log of a running Pointyard's data folder, opened beside it (SQLite in WAL mode takes a
// second connection, as a backup tool's): a browser test writes reports there the way the receiver and the
// transmitter record them, through the store's own SQLite engine.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { STATE_DATABASE } from '../../../src/store/sqlite/data-folder.js';
import { SqliteAlarmReports } from '../../../src/store/sqlite/sqlite-alarm-reports.js';

export interface AlarmReportLog {
  reports: SqliteAlarmReports;
  close(): void;
}

export function openAlarmReportLog(dataDir: string): AlarmReportLog {
  const db = new Database(join(dataDir, STATE_DATABASE));
  // The server may hold the write lock for a moment: wait for it (bounded) rather than fail.
  db.pragma('busy_timeout = 5000');
  const reports = new SqliteAlarmReports(db, async (fn) => fn());
  return { reports, close: () => db.close() };
}
