// The received-reports log of a stopped (or killed) Pointyard's data folder, read through its SQLite store:
// what the receiver acknowledged is there.

import type { LoggedReport, ReceivedFilter } from '../../src/store/alarm-reports.js';
import { openStore } from '../../src/store/open.js';

/** The received reports of the data folder, oldest first. */
export async function receivedReports(dataDir: string, filter: ReceivedFilter = {}): Promise<LoggedReport[]> {
  const store = await openStore({ path: dataDir });
  try {
    return (await store.alarmReports.list(filter)).sort((a, b) => a.id - b.id);
  } finally {
    await store.close();
  }
}
