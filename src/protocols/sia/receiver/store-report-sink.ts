// The receiver's reports kept in the store's alarm-report log (services.alarmReports): one record per event of
// an accepted message, committed before `record` resolves (so an ACK means the event is kept); a resend the
// store recognises (same account, sequence, receiver, line, code, zone and text within its window) is
// 'duplicate' and not logged again. A link test (NULL) is not logged: it only moves the account's last-seen
// time, which link supervision reads.
import type { AlarmReportsStore } from '../../../store/alarm-reports.js';
import type { AlarmReport, RecordResult, ReportSink } from './report-sink.js';

export class StoreReportSink implements ReportSink {
  /** Events logged since start (resends and link tests not counted). */
  recordedCount = 0;

  constructor(private readonly store: AlarmReportsStore) {}

  async record(report: AlarmReport): Promise<RecordResult> {
    const at = report.receivedAt.getTime();
    if (report.token === 'NULL' || report.code === 'NULL') {
      await this.store.seen(report.account, at);
      return 'seen';
    }
    const result = await this.store.record({
      receivedAt: at,
      account: report.account,
      receiver: report.receiver ?? null,
      line: report.line,
      sequence: report.sequence,
      code: report.code,
      zone: report.zone,
      text: report.text ?? '',
      eventTime: report.messageTime?.getTime() ?? null,
      remote: report.remote,
      transport: report.transport,
      encrypted: report.encrypted,
      frame: report.frame,
    });
    if (result.duplicate) return 'duplicate';
    this.recordedCount++;
    return 'recorded';
  }
}
