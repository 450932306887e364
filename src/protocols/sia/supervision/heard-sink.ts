// A report sink that tells link supervision of every message it took: the receiver calls the sink only for
// messages it accepts, and once the inner sink has kept them (an event) or noted them (a NULL link test),
// the account has been heard from. A message answered NAK or DUH does not count: it did not get through.
import type { AlarmReport, RecordResult, ReportSink } from '../receiver/report-sink.js';

export class HeardSink implements ReportSink {
  constructor(
    private readonly inner: ReportSink,
    private readonly heard: (account: string, at: number) => void,
  ) {}

  /** One message's reports (all of one account), kept or noted together: heard once they are. */
  async record(reports: readonly AlarmReport[]): Promise<RecordResult[]> {
    const results = await this.inner.record(reports);
    for (const report of reports) this.heard(report.account, report.receivedAt.getTime());
    return results;
  }
}
