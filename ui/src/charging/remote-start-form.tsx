// Remote start (operators and admins): RemoteStartTransaction to a charge point with an id tag picked from
// the RFID list or typed; the charge point's answer (Accepted) or why it was not taken is shown.
import { useState } from 'preact/hooks';
import { readIdTags, remoteStart } from '../api/charging-ops';
import { canInvoke } from '../state/role';
import { useSession } from '../state/session-context';
import { useAsync } from '../state/use-async';

/** `chargePoint`: a fixed charge point (its own page); else typed, with `known` ones offered. */
export function RemoteStartForm({ chargePoint, known = [] }: { chargePoint?: string; known?: string[] }) {
  const { role } = useSession();
  if (!canInvoke(role)) return null;
  return <StartForm fixed={chargePoint} known={known} />;
}

function StartForm({ fixed, known }: { fixed: string | undefined; known: string[] }) {
  const { client } = useSession();
  const tags = useAsync(() => readIdTags(client), [client]);
  const [chargePoint, setChargePoint] = useState(fixed ?? '');
  const [idTag, setIdTag] = useState('');
  const [connector, setConnector] = useState('1');
  const [answer, setAnswer] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const target = fixed ?? chargePoint.trim();

  const start = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setAnswer(null);
    try {
      const status = await remoteStart(client, target, idTag.trim(), Number(connector));
      setAnswer({ ok: true, text: `Remote start on ${target} with ${idTag.trim()}: ${status}.` });
    } catch (err) {
      setAnswer({ ok: false, text: `Remote start refused: ${(err as Error).message}` });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="user-form remote-start" onSubmit={start} aria-label="Remote start">
      {!fixed && (
        <div>
          <label for="start-charge-point">Charge point</label>
          <input
            id="start-charge-point"
            required
            list="start-charge-points"
            autocomplete="off"
            value={chargePoint}
            onInput={(e) => setChargePoint(e.currentTarget.value)}
          />
          <datalist id="start-charge-points">
            {known.map((id) => (
              <option key={id} value={id} />
            ))}
          </datalist>
        </div>
      )}
      <div>
        <label for="start-id-tag">Id tag</label>
        <input
          id="start-id-tag"
          required
          maxLength={20}
          list="start-id-tags"
          autocomplete="off"
          value={idTag}
          onInput={(e) => setIdTag(e.currentTarget.value)}
        />
        <datalist id="start-id-tags">
          {(tags.data ?? []).map((t) => (
            <option key={t.idTag} value={t.idTag}>
              {t.status}
            </option>
          ))}
        </datalist>
      </div>
      <div>
        <label for="start-connector">Connector</label>
        <input
          id="start-connector"
          type="number"
          min={1}
          step={1}
          required
          value={connector}
          onInput={(e) => setConnector(e.currentTarget.value)}
        />
      </div>
      <button type="submit" class="primary" disabled={busy}>
        Remote start
      </button>
      {answer &&
        (answer.ok ? (
          <output class="success">{answer.text}</output>
        ) : (
          <p class="error" role="alert">
            {answer.text}
          </p>
        ))}
    </form>
  );
}
