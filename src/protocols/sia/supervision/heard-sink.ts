// A report sink that tells link supervision of every message it took: the receiver calls the sink only for
// messages it accepts, and once the inner sink has kept them (an event) or noted them (a NULL link test),
// the account has been heard from. A message answered NAK or DUH does not count: it did not get through.
import type { AlarmReport, RecordResult, ReportSink } from '../receiver/report-sink.js';

export class HeardSink implements ReportSink {
  constructor(
    private readonly inner: ReportSink,
    private readonly heard: (account: string, at: number) => void,
  ) {}

  async record(report: AlarmReport): Promise<RecordResult> {
    const result = await this.inner.record(report);
    this.heard(report.account, report.receivedAt.getTime());
    return result;
  }
}
