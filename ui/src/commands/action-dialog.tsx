// Running a momentary action (RESET, BACKUP, STOP…) after the operator confirms it; not while the link to
// the server is lost.
import { useState } from 'preact/hooks';
import { str } from '../api/hayson';
import { type LivePoint, recOf } from '../live/live-points';
import { useObservable } from '../state/observable';
import { useSession } from '../state/session-context';
import { failureText, LINK_LOST } from './failure-text';
import { Modal } from './modal';
import { invokeAction } from './point-commands';

export function ActionDialog({
  point,
  equipName,
  onClose,
}: {
  point: LivePoint;
  equipName: string;
  onClose: () => void;
}) {
  const { client, live } = useSession();
  const linkLost = useObservable(live.link) === 'lost';
  const word = str(recOf(point).actionWord) ?? 'RUN';
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await invokeAction(client, point.id, word);
      setDone(true);
    } catch (err) {
      setError(failureText(err, 'command'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title={`${point.name}`} onClose={onClose}>
      {done ? (
        <output class="success">
          {word} sent to {equipName}. Its result shows in the device's status points and the event log.
        </output>
      ) : (
        <p>
          Send <strong>{word}</strong> to <strong>{equipName}</strong> now? This is a momentary command: it
          runs once.
        </p>
      )}
      {linkLost && !done && <output class="warning">{LINK_LOST}</output>}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="buttons">
        {!done && (
          <button type="button" class="primary" disabled={busy || linkLost} onClick={() => void run()}>
            Confirm {word}
          </button>
        )}
        <button type="button" onClick={onClose}>
          {done ? 'Close' : 'Cancel'}
        </button>
      </div>
    </Modal>
  );
}
