// The receiver's link supervision on a running site: the supervisor on the site's clock, and what a lost or
// restored account does. An account mapped to a device hands it a `receiver-link` request (its behaviour
// shows the link on its Communication Status: FAULT while lost, which raises an alarm as any status in
// fault does); every loss and restore is logged, and the receiver's status lists each account's link.
import type { Logger } from '../../../core/logger.js';
import type { Services } from '../../../runtime/services/services.js';
import type { ReportSink } from '../receiver/report-sink.js';
import { HeardSink } from './heard-sink.js';
import { type AccountLink, LinkSupervisor, type SharedLastSeen } from './link-supervisor.js';
import type { SupervisedAccount, SupervisionSettings } from './supervision-settings.js';

export interface Supervision {
  /** `sink`, telling the supervisor of every message it takes. */
  readonly sink: ReportSink;
  /** A message from `account` was taken at `at` (epoch ms). */
  heard(account: string, at: number): void;
  status(): AccountLink[];
  close(): void;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function startSupervision(
  settings: SupervisionSettings,
  sink: ReportSink,
  services: Pick<Services, 'clock' | 'simulation'>,
  log: Pick<Logger, 'warn' | 'info'>,
  /** A node of a cluster: the last-seen times the other nodes' receivers write too. */
  shared: SharedLastSeen | null = null,
): Supervision {
  const tell = (a: SupervisedAccount, lost: boolean, since: number) => {
    if (a.device === null) return;
    const why = services.simulation.request(a.device, {
      kind: 'receiver-link',
      data: { lost, account: a.account, since: iso(since) },
    });
    if (why) log.warn({ account: a.account, device: a.device, why }, 'sia supervision: device not told');
  };
  const supervisor = new LinkSupervisor(
    settings.accounts,
    services.clock,
    {
      lost(a, lastHeard, at) {
        log.warn(
          { account: a.account, device: a.device, lastHeard: iso(lastHeard), at: iso(at) },
          'sia supervision: account lost (nothing heard within interval + grace)',
        );
        tell(a, true, lastHeard);
      },
      restored(a, lostSince, at) {
        log.info(
          { account: a.account, device: a.device, lostSince: iso(lostSince), at: iso(at) },
          'sia supervision: account heard again',
        );
        tell(a, false, lostSince);
      },
    },
    shared,
  );
  return {
    sink: new HeardSink(sink, (account, at) => supervisor.heard(account, at)),
    heard: (account, at) => supervisor.heard(account, at),
    status: () => supervisor.status(),
    close: () => supervisor.close(),
  };
}
