// Login with the Haystack SCRAM handshake: the same users and roles as every other Haystack client.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useObservable } from '../state/observable';
import { LOGGED_OUT_TITLE } from '../state/page-title';
import { login, sessionNotice } from '../state/session';

export function LoginPage() {
  const notice = useObservable(sessionNotice);
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const userInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    document.title = LOGGED_OUT_TITLE;
    userInput.current?.focus();
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(user.trim(), password);
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };

  return (
    <main class="login">
      <form class="login-card" onSubmit={submit} aria-describedby="login-help">
        <h1>
          <span class="brand-mark" aria-hidden="true" />
          Pointyard
        </h1>
        {notice && <output class="notice">{notice}</output>}
        <label for="login-user">User name</label>
        <input
          id="login-user"
          name="username"
          autocomplete="username"
          required
          ref={userInput}
          value={user}
          onInput={(e) => setUser(e.currentTarget.value)}
        />
        <label for="login-password">Password</label>
        <input
          id="login-password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
        <p id="login-help" class="help">
          The first <code>pointyard start</code> printed the password of <code>admin</code>. Add users with{' '}
          <code>pointyard user add</code>.
        </p>
      </form>
    </main>
  );
}
