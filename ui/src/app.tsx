// The whole UI: the login page until a session exists, then the shell with its pages.
import { useEffect, useState } from 'preact/hooks';
import { Shell } from './components/shell';
import { LiveContext } from './live/use-live';
import { LoginPage } from './pages/login-page';
import { useObservable } from './state/observable';
import { resume, session } from './state/session';
import { SessionContext } from './state/session-context';

export function App() {
  const current = useObservable(session);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    resume().finally(() => setReady(true));
  }, []);
  if (!ready) return <p class="loading">Loading…</p>;
  if (!current) return <LoginPage />;
  return (
    <SessionContext.Provider value={current}>
      <LiveContext.Provider value={current.live}>
        <Shell key={current.user} />
      </LiveContext.Provider>
    </SessionContext.Provider>
  );
}
