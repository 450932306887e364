// The receiver's reports kept in the store's alarm-report log (services.alarmReports): one record per event of
// an accepted message, committed before `record` resolves (so an ACK means the event is kept). The messages
// that come in while a commit is under way are committed together in the next (group-commit.ts: one
// transaction, one flush for all of them), so that one flush does not hold up every transmitter in turn. A
// resend the store recognises (same account, sequence, receiver, line, code, zone and text within its window)
// is 'duplicate' and not logged again. A link test (NULL) is not logged: it only moves the account's last-seen
// time, which link supervision reads.
import type {
  AlarmReportsStore,
  RecordResult as Logged,
  ReceivedReport,
} from '../../../store/alarm-reports.js';
import { GroupCommit } from './group-commit.js';
import type { AlarmReport, RecordResult, ReportSink } from './report-sink.js';

/** Events committed together, at most (whole messages: a message with more goes alone). */
export const MAX_BATCH_REPORTS = 512;

const isLinkTest = (report: AlarmReport) => report.token === 'NULL' || report.code === 'NULL';

const received = (report: AlarmReport): ReceivedReport => ({
  receivedAt: report.receivedAt.getTime(),
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

export class StoreReportSink implements ReportSink {
  /** Events logged since start (resends and link tests not counted). */
  recordedCount = 0;
  readonly group: GroupCommit<ReceivedReport, Logged>;

  constructor(
    private readonly store: AlarmReportsStore,
    maxBatch = MAX_BATCH_REPORTS,
  ) {
    this.group = new GroupCommit((reports) => store.recordAll(reports), maxBatch);
  }

  async record(reports: readonly AlarmReport[]): Promise<RecordResult[]> {
    for (const report of reports)
      if (isLinkTest(report)) await this.store.seen(report.account, report.receivedAt.getTime());
    const logged = await this.group.submit(reports.filter((r) => !isLinkTest(r)).map(received));
    let next = 0;
    return reports.map((report): RecordResult => {
      if (isLinkTest(report)) return 'seen';
      if ((logged[next++] as Logged).duplicate) return 'duplicate';
      this.recordedCount++;
      return 'recorded';
    });
  }
}
