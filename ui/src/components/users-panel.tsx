// The API's users (admins only): who may log in with which role; add one, remove one.
import { useState } from 'preact/hooks';
import { addUser, readUsers, removeUser } from '../api/site-ops';
import { formatDateTime } from '../format/time';
import { useSession } from '../state/session-context';
import { useSite } from '../state/site';
import { useAsync } from '../state/use-async';

const ROLES = ['viewer', 'operator', 'admin'];

export function UsersPanel() {
  const { client, user: me } = useSession();
  const site = useSite();
  const users = useAsync(() => readUsers(client), [client]);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState('viewer');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (what: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      setDone(await what());
      users.reload();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const add = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      const added = await addUser(client, name.trim(), password, role);
      setName('');
      setPassword('');
      return `Added ${added.name} (${added.role}).`;
    });
  };
  const remove = (who: string) => {
    if (!window.confirm(`Remove the user ${who}? Their sessions end at once.`)) return;
    void run(async () => {
      await removeUser(client, who);
      return `Removed ${who}.`;
    });
  };

  return (
    <section class="panel" aria-labelledby="users-title">
      <h2 id="users-title">Users</h2>
      {users.error && <p class="error">{users.error.message}</p>}
      {users.data && (
        <table class="users stack">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Since</th>
              <th scope="col">
                <span class="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.data.map((u) => (
              <tr key={u.name}>
                <th scope="row">{u.name}</th>
                <td>{u.role}</td>
                <td class="nowrap">{formatDateTime(u.createdAt, site.zone)}</td>
                <td class="actions">
                  {u.name !== me && (
                    <button
                      type="button"
                      class="small"
                      disabled={busy}
                      aria-label={`Remove ${u.name}`}
                      onClick={() => remove(u.name)}
                    >
                      Remove
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form class="user-form" onSubmit={add} aria-label="Add a user">
        <div>
          <label for="new-user">Name</label>
          <input
            id="new-user"
            required
            autocomplete="off"
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </div>
        <div>
          <label for="new-password">Password</label>
          <input
            id="new-password"
            type="password"
            required
            minLength={8}
            autocomplete="new-password"
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </div>
        <div>
          <label for="new-role">Role</label>
          <select id="new-role" value={role} onChange={(e) => setRole(e.currentTarget.value)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="primary" disabled={busy}>
          Add user
        </button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {done && <output class="success">{done}</output>}
    </section>
  );
}
