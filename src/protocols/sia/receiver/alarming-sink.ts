// A report sink that raises and clears alarms from the events it takes (alarm-mapping.ts): once the inner
// sink has kept a message's events, each event's alarm change is made in order and saved before `record`
// resolves, so that an ACK means the alarm is kept too. A resend (`duplicate`) is applied again: raising a
// standing alarm changes nothing, and it repairs a crash between the log's commit and the alarm's save (the
// ACK was not sent then, so the transmitter sends the message again). A refused save rejects (NAK): the
// transmitter tries again, and the monitor keeps and retries the change meanwhile. A resend whose alarm is
// already open in the store is not raised again: in a cluster the first copy may have reached another node's
// receiver (the transmitter's backup), whose monitor raised it.
import type { AlarmsService } from '../../../runtime/services/services.js';
import { alarmChangeOf, type ReportAlarms } from './alarm-mapping.js';
import type { AlarmReport, RecordResult, ReportSink } from './report-sink.js';

export class AlarmingSink implements ReportSink {
  constructor(
    private readonly inner: ReportSink,
    private readonly mapping: ReportAlarms,
    private readonly alarms: Pick<AlarmsService, 'raiseReported' | 'clearReported'> &
      Partial<Pick<AlarmsService, 'query'>>,
  ) {}

  async record(reports: readonly AlarmReport[]): Promise<RecordResult[]> {
    const results = await this.inner.record(reports);
    const saves: Promise<void>[] = [];
    reports.forEach((report, i) => {
      if (results[i] === 'seen') return;
      const change = alarmChangeOf(this.mapping, report);
      if (change?.kind === 'raise') {
        const raise = () =>
          this.alarms.raiseReported({
            key: change.key,
            source: change.source,
            subject: change.subject,
            value: change.code,
            severity: change.severity,
            text: change.text,
          });
        const standing =
          results[i] === 'duplicate' ? this.alarms.query?.({ key: change.key, state: 'open' }) : undefined;
        saves.push(
          standing
            ? standing.then((open) => (open.some((a) => a.state !== 'cleared') ? undefined : raise()))
            : raise(),
        );
      } else if (change?.kind === 'clear') saves.push(this.alarms.clearReported(change.key));
    });
    await Promise.all(saves);
    return results;
  }
}
