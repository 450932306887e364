// A charge point's OCPP message log (`chargerMessages`, operators and admins): the last messages the
// server keeps, newest first, read again every 2 s while shown; payloads collapsed, CALLERRORs marked.
import { type ChargerMessage, readMessages } from '../api/charging-ops';
import { formatDateTime } from '../format/time';
import { canInvoke } from '../state/role';
import { useSession } from '../state/session-context';
import { useSite } from '../state/site';
import { useAsync, useInterval } from '../state/use-async';

export const MESSAGES_REFRESH_MS = 2000;

const TYPE_WORDS: Record<string, string> = { call: 'CALL', result: 'CALLRESULT', error: 'CALLERROR' };

/** One line of the payload for the collapsed view. */
const summary = (payload: string): string => (payload.length > 90 ? `${payload.slice(0, 90)}…` : payload);

function pretty(payload: string): string {
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
}

export function MessageLog({ chargePoint }: { chargePoint: string }) {
  const { role } = useSession();
  if (!canInvoke(role))
    return (
      <p class="muted">The message log is for operators and admins: the server shows it to them only.</p>
    );
  return <MessageTable chargePoint={chargePoint} />;
}

function MessageTable({ chargePoint }: { chargePoint: string }) {
  const { client } = useSession();
  const site = useSite();
  const messages = useAsync(() => readMessages(client, chargePoint), [client, chargePoint]);
  useInterval(messages.reload, MESSAGES_REFRESH_MS, [chargePoint]);
  const rows = [...(messages.data ?? [])].reverse();
  return (
    <div class="message-log">
      {messages.error && (
        <p class="error" role="alert">
          {messages.error.message}
        </p>
      )}
      {messages.data && rows.length === 0 && (
        <p class="muted">
          No message from or to {chargePoint} since the server started (the log is kept in memory).
        </p>
      )}
      {rows.length > 0 && (
        <div class="table-scroll">
          <table class="messages stack" aria-label={`OCPP messages of ${chargePoint}`}>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Direction</th>
                <th scope="col">Message</th>
                <th scope="col">Payload</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((m) => (
                <MessageRow key={`${m.ts}-${m.direction}-${m.type}-${m.messageId}`} m={m} zone={site.zone} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** A CALLERROR's code (`NotImplemented`…), from its payload. */
function errorCode(payload: string): string | null {
  try {
    const code = (JSON.parse(payload) as { code?: unknown } | null)?.code;
    return typeof code === 'string' ? code : null;
  } catch {
    return null;
  }
}

function MessageRow({ m, zone }: { m: ChargerMessage; zone: string | undefined }) {
  const error = m.type === 'error';
  return (
    <tr class={error ? 'callerror' : undefined} data-type={m.type}>
      <td class="nowrap">{formatDateTime(m.ts, zone)}</td>
      <td class="nowrap">{m.direction === 'in' ? '← from charge point' : '→ to charge point'}</td>
      <td>
        <strong>{m.action ?? '—'}</strong>{' '}
        <span class={`pill tone-${error ? 'alarm' : 'neutral'}`}>{TYPE_WORDS[m.type] ?? m.type}</span>
        {error && <span class="error-code"> {errorCode(m.payload)}</span>}
      </td>
      <td class="payload">
        <details>
          <summary>
            <code>{summary(m.payload)}</code>
          </summary>
          <pre>{pretty(m.payload)}</pre>
        </details>
      </td>
    </tr>
  );
}
