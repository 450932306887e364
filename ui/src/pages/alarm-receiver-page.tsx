// The alarm receiver: the intrusion-alarm reports the site's SIA DC-09 receiver took (newest first, filtered
// by account and code, a page at a time, read again every few seconds) and the transmitter's queue per
// account. Filters and page live in the route, so a view can be bookmarked.
import { readAlarmReports, readTransmitterAccounts } from '../api/alarm-report-ops';
import { AlarmReportTable } from '../components/alarm-report-table';
import { TransmitterQueue } from '../components/transmitter-queue';
import { SIA_CODE_MEANINGS } from '../format/sia-code-meanings';
import { link, navigate, route, useRoute } from '../state/router';
import { useSession } from '../state/session-context';
import { useAsync, useInterval } from '../state/use-async';

/** Reports a page shows. */
export const REPORTS_PER_PAGE = 50;
/** How often the log and the queue are read again while the page is open. */
const REFRESH_MS = 3000;

interface Filters {
  account: string;
  code: string;
  /** 1-based. */
  page: number;
}

const filtersOf = (params: URLSearchParams): Filters => ({
  account: params.get('account') ?? '',
  code: params.get('code') ?? '',
  page: Math.max(1, Math.floor(Number(params.get('page') ?? 1)) || 1),
});

/** Changes the filters in the route; from the route as it is now, so that quick changes all count. */
function go(patch: Partial<Filters>): void {
  const next = { ...filtersOf(route.value.params), ...patch };
  navigate(
    link('alarm-receiver', {
      account: next.account,
      code: next.code,
      page: next.page === 1 ? undefined : String(next.page),
    }),
    true,
  );
}

export function AlarmReceiverPage() {
  const { client } = useSession();
  const f = filtersOf(useRoute().params);
  const key = [f.account, f.code, f.page];
  const reports = useAsync(
    () =>
      readAlarmReports(client, {
        account: f.account || undefined,
        code: f.code || undefined,
        limit: REPORTS_PER_PAGE,
        offset: (f.page - 1) * REPORTS_PER_PAGE,
      }),
    key,
  );
  const queue = useAsync(() => readTransmitterAccounts(client), [client]);
  // Reports come in while the page is open: read again now and then.
  useInterval(
    () => {
      reports.reload();
      queue.reload();
    },
    REFRESH_MS,
    key,
  );
  const rows = reports.data?.rows;

  return (
    <article aria-labelledby="receiver-title">
      <header class="page-header">
        <h1 id="receiver-title">Alarm receiver</h1>
      </header>
      <section class="panel" aria-labelledby="received-title">
        <h2 id="received-title">Received reports</h2>
        <form class="log-filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
          <div>
            <label for="receiver-account">Account</label>
            <input
              id="receiver-account"
              value={f.account}
              onChange={(e) => go({ account: e.currentTarget.value.trim(), page: 1 })}
            />
          </div>
          <div>
            <label for="receiver-code">Code</label>
            <input
              id="receiver-code"
              list="receiver-code-options"
              value={f.code}
              onChange={(e) => go({ code: e.currentTarget.value.trim().toUpperCase(), page: 1 })}
            />
            <datalist id="receiver-code-options">
              {Object.entries(SIA_CODE_MEANINGS).map(([code, meaning]) => (
                <option key={code} value={code}>
                  {meaning}
                </option>
              ))}
            </datalist>
          </div>
        </form>
        {reports.error && (
          <p class="error" role="alert">
            {reports.error.message}
          </p>
        )}
        {!rows && !reports.error && <p class="muted">Reading…</p>}
        {rows && rows.length === 0 && (
          <p class="muted">
            {f.account || f.code || f.page > 1 ? 'Nothing matches these filters.' : 'No report received yet.'}
          </p>
        )}
        {rows && rows.length > 0 && <AlarmReportTable rows={rows} />}
        {rows && (f.page > 1 || reports.data?.more) && (
          <nav class="pager" aria-label="Pages of reports">
            <button
              type="button"
              class="ghost"
              disabled={f.page <= 1}
              onClick={() => go({ page: f.page - 1 })}
            >
              Newer
            </button>
            <span>Page {f.page}</span>
            <button
              type="button"
              class="ghost"
              disabled={!reports.data?.more}
              onClick={() => go({ page: f.page + 1 })}
            >
              Older
            </button>
          </nav>
        )}
      </section>
      <section class="panel" aria-labelledby="queue-title">
        <h2 id="queue-title">Transmitter queue</h2>
        {queue.error && (
          <p class="error" role="alert">
            {queue.error.message}
          </p>
        )}
        {queue.data && queue.data.length === 0 && (
          <p class="muted">No report waiting or delivered: the transmitter has sent nothing yet.</p>
        )}
        {queue.data && queue.data.length > 0 && <TransmitterQueue rows={queue.data} />}
      </section>
    </article>
  );
}
