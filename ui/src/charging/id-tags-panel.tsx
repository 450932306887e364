// The RFID cards the central system authorizes (`idTags`): the list for everyone; for operators and admins,
// add one with its status and an optional expiry, remove one; the server's refusal is shown in its words.
import { useState } from 'preact/hooks';
import { addIdTag, ID_TAG_STATUSES, readIdTags, removeIdTag } from '../api/charging-ops';
import { formatDateTime } from '../format/time';
import { canInvoke } from '../state/role';
import { useSession } from '../state/session-context';
import { useSite } from '../state/site';
import { useAsync } from '../state/use-async';

export function IdTagsPanel() {
  const { role } = useSession();
  return (
    <section class="panel" aria-labelledby="id-tags-title">
      <h2 id="id-tags-title">RFID cards</h2>
      <IdTagsEditor editable={canInvoke(role)} />
    </section>
  );
}

function IdTagsEditor({ editable }: { editable: boolean }) {
  const { client } = useSession();
  const site = useSite();
  const tags = useAsync(() => readIdTags(client), [client]);
  const [idTag, setIdTag] = useState('');
  const [status, setStatus] = useState<string>('Accepted');
  const [expires, setExpires] = useState('');
  const [parent, setParent] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (what: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      setDone(await what());
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
      tags.reload();
    }
  };
  const add = (event: Event) => {
    event.preventDefault();
    // `datetime-local` is the browser's local time.
    const expiry = expires ? new Date(expires).getTime() : null;
    void run(async () => {
      const kept = await addIdTag(client, {
        idTag: idTag.trim(),
        status,
        expires: expiry,
        parentIdTag: parent.trim() || null,
      });
      setIdTag('');
      setExpires('');
      setParent('');
      if (expiry !== null && kept.expires === null)
        throw new Error(`Added ${kept.idTag} (${kept.status}), but the server did not keep its expiry.`);
      return `Added ${kept.idTag} (${kept.status}).`;
    });
  };
  const remove = (tag: string) => {
    if (!window.confirm(`Remove the card ${tag}? Its next Authorize is refused.`)) return;
    void run(async () => {
      await removeIdTag(client, tag);
      return `Removed ${tag}.`;
    });
  };

  return (
    <>
      {tags.error && (
        <p class="error" role="alert">
          {tags.error.message}
        </p>
      )}
      {tags.data && tags.data.length === 0 && <p class="muted">No card yet: every Authorize is refused.</p>}
      {tags.data && tags.data.length > 0 && (
        <table class="id-tags stack" aria-label="RFID cards">
          <thead>
            <tr>
              <th scope="col">Card</th>
              <th scope="col">Status</th>
              <th scope="col">Expires</th>
              <th scope="col">Parent</th>
              {editable && (
                <th scope="col">
                  <span class="visually-hidden">Remove</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {tags.data.map((t) => (
              <tr key={t.idTag}>
                <th scope="row">
                  <code>{t.idTag}</code>
                </th>
                <td>
                  <span class={`pill tone-${t.status === 'Accepted' ? 'ok' : 'warning'}`}>{t.status}</span>
                </td>
                <td class="nowrap">{t.expires === null ? 'never' : formatDateTime(t.expires, site.zone)}</td>
                <td>{t.parentIdTag ?? '—'}</td>
                {editable && (
                  <td class="actions">
                    <button
                      type="button"
                      class="small"
                      disabled={busy}
                      aria-label={`Remove card ${t.idTag}`}
                      onClick={() => remove(t.idTag)}
                    >
                      Remove
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editable && (
        <form class="user-form" onSubmit={add} aria-label="Add a card">
          <div>
            <label for="new-id-tag">Card (id tag)</label>
            <input
              id="new-id-tag"
              required
              maxLength={20}
              autocomplete="off"
              value={idTag}
              onInput={(e) => setIdTag(e.currentTarget.value)}
            />
          </div>
          <div>
            <label for="new-id-tag-status">Status</label>
            <select id="new-id-tag-status" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
              {ID_TAG_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="new-id-tag-expires">Expires (optional)</label>
            <input
              id="new-id-tag-expires"
              type="datetime-local"
              value={expires}
              onInput={(e) => setExpires(e.currentTarget.value)}
            />
          </div>
          <div>
            <label for="new-id-tag-parent">Parent (optional)</label>
            <input
              id="new-id-tag-parent"
              maxLength={20}
              autocomplete="off"
              value={parent}
              onInput={(e) => setParent(e.currentTarget.value)}
            />
          </div>
          <button type="submit" class="primary" disabled={busy}>
            Add card
          </button>
        </form>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {done && <output class="success">{done}</output>}
    </>
  );
}
