// The session as a context, for components under the shell.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Session } from './session';

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a session');
  return s;
}
