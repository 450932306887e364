// The interfaces the server runs (the `interfaces` op), read again every 3 s: each one's address and, for
// those that report a status, its facts — any status rendered generically (status-facts.ts), with a
// headline for a connection (`link.connected`, since when, the last error) and its backlog (`link.backlog`).

import { type Dict, type HVal, num, str } from '../api/hayson';
import { readInterfaces } from '../api/interface-ops';
import { type FactGroup, sizeText, statusFacts } from '../format/status-facts';
import { formatDateTime } from '../format/time';
import { useSession } from '../state/session-context';
import { useSite } from '../state/site';
import { useAsync, useInterval } from '../state/use-async';

const REFRESH_MS = 3000;

const isDict = (v: HVal | undefined): v is Dict =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !('_kind' in v);

/** The link's facts shown in the headline rather than among the others. */
const HEADLINED = ['link.connected', 'link.since', 'link.lastError'];
const BACKLOG = ['messages', 'bytes', 'oldest', 'dropped'];

/** A connection's state in words, since when, and why it last failed. */
function LinkHeadline({ link, zone }: { link: Dict; zone: string | undefined }) {
  const connected = link.connected === true;
  const since = num(link.since);
  const error = str(link.lastError);
  return (
    <p class="link-headline" data-fact="link.connected">
      <span class={`pill tone-${connected ? 'ok' : 'alarm'}`}>
        {connected ? 'connected' : 'not connected'}
      </span>
      {since !== null && since > 0 && <span class="muted"> since {formatDateTime(since, zone)}</span>}
      {error && (
        <span class="link-error tone-warning" data-fact="link.lastError">
          {' '}
          Last error: {error}
        </span>
      )}
    </p>
  );
}

/** What waits for the broker: messages, their size, since when, and what was dropped past the bound. */
function BacklogLine({ backlog, zone }: { backlog: Dict; zone: string | undefined }) {
  const messages = num(backlog.messages) ?? 0;
  const bytes = num(backlog.bytes) ?? 0;
  const oldest = num(backlog.oldest);
  const dropped = num(backlog.dropped) ?? 0;
  return (
    <p class="backlog-line" data-fact="link.backlog">
      <span class="stat-label">Backlog</span>{' '}
      {messages === 0 ? (
        <span class="pill tone-ok">empty</span>
      ) : (
        <span class="pill tone-warning">
          {messages.toLocaleString('en-GB')} {messages === 1 ? 'message' : 'messages'} ({sizeText(bytes)})
        </span>
      )}
      {messages > 0 && oldest !== null && <span class="muted"> oldest {formatDateTime(oldest, zone)}</span>}
      {dropped > 0 ? (
        <span class="tone-alarm"> · {dropped.toLocaleString('en-GB')} dropped past the bound</span>
      ) : (
        <span class="muted"> · none dropped</span>
      )}
    </p>
  );
}

function Facts({ groups }: { groups: FactGroup[] }) {
  return (
    <>
      {groups.map((g) => (
        <div class="fact-group" key={g.path}>
          {g.title && <h4>{g.title}</h4>}
          <dl class="facts">
            {g.facts.map((f) => (
              <div class="fact" key={f.path} data-fact={f.path}>
                <dt>{f.label}</dt>
                <dd>{f.text}</dd>
              </div>
            ))}
          </dl>
        </div>
      ))}
    </>
  );
}

function StatusView({ status, zone }: { status: Dict; zone: string | undefined }) {
  const link = isDict(status.link) && typeof status.link.connected === 'boolean' ? status.link : null;
  const backlog = link && isDict(link.backlog) ? link.backlog : null;
  const skip = new Set([
    ...(link ? HEADLINED : []),
    ...(backlog ? BACKLOG.map((k) => `link.backlog.${k}`) : []),
  ]);
  return (
    <>
      {link && <LinkHeadline link={link} zone={zone} />}
      {backlog && <BacklogLine backlog={backlog} zone={zone} />}
      <Facts groups={statusFacts(status, zone, skip)} />
    </>
  );
}

export function InterfacesPanel() {
  const { client } = useSession();
  const site = useSite();
  const interfaces = useAsync(() => readInterfaces(client), [client]);
  useInterval(interfaces.reload, REFRESH_MS);
  return (
    <section class="panel" aria-labelledby="interfaces-title">
      <h2 id="interfaces-title">Interfaces</h2>
      {interfaces.error && (
        <p class="error" role="alert">
          {interfaces.error.message}
        </p>
      )}
      {interfaces.data?.length === 0 && <p class="muted">No interface is running.</p>}
      {interfaces.data && interfaces.data.length > 0 && (
        <ul class="interface-list">
          {interfaces.data.map((i) => (
            <li class="interface" key={i.name} data-interface={i.name} aria-label={i.title}>
              <h3>
                {i.title} <code class="address">{i.address}</code>
              </h3>
              {i.status && <StatusView status={i.status} zone={site.zone} />}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
