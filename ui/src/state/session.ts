// The logged-in session: who, which role, the API client and the live watch. The token is kept in
// sessionStorage so that a reload of the tab stays logged in; closing the tab forgets it.

import { HaystackClient } from '../api/client';
import { scramLogin } from '../api/scram';
import { LiveWatch } from '../live/live-watch';
import { AlarmSummary } from './alarm-summary';
import { Observable } from './observable';
import { type Role, whoAmI } from './role';

export interface Session {
  user: string;
  role: Role;
  client: HaystackClient;
  live: LiveWatch;
  alarms: AlarmSummary;
}

/** Where the API is: the same server that serves the UI. */
export const API_BASE = new URL('api', new URL('.', window.location.href)).pathname.replace(/\/$/, '');

const STORAGE_KEY = 'pointyard.session';

export const session = new Observable<Session | null>(null);
/** Why the last session ended, shown on the login page. */
export const sessionNotice = new Observable<string | null>(null);

function open(user: string, role: Role, token: string): Session {
  const client = new HaystackClient(API_BASE, token);
  const s: Session = { user, role, client, live: new LiveWatch(client), alarms: new AlarmSummary(client) };
  client.onSessionEnded = () => {
    if (session.value !== s) return;
    sessionNotice.set('Your session has ended: please log in again.');
    end(s);
  };
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ user, role, token }));
  return s;
}

function end(s: Session): void {
  void s.live.stop();
  s.alarms.stop();
  sessionStorage.removeItem(STORAGE_KEY);
  if (session.value === s) session.set(null);
}

export async function login(user: string, password: string): Promise<void> {
  const token = await scramLogin(`${API_BASE}/about`, user, password);
  const me = await whoAmI(new HaystackClient(API_BASE, token));
  sessionNotice.set(null);
  const s = open(me.user ?? user, me.role, token);
  s.alarms.start();
  session.set(s);
}

/** Ends the session on the server (`close`) and here. */
export async function logout(): Promise<void> {
  const s = session.value;
  if (!s) return;
  end(s);
  await s.client.op('close').catch(() => {});
  sessionNotice.set('You are logged out.');
}

/** The session kept by this tab, if its token still works; its user and role as the server now says. */
export async function resume(): Promise<void> {
  const saved = sessionStorage.getItem(STORAGE_KEY);
  if (!saved) return;
  try {
    const { user, token } = JSON.parse(saved) as { user: string; token: string };
    const me = await whoAmI(new HaystackClient(API_BASE, token));
    const s = open(me.user ?? user, me.role, token);
    s.alarms.start();
    session.set(s);
  } catch {
    sessionStorage.removeItem(STORAGE_KEY);
  }
}

// Leaving the page closes the watch (keepalive), so that the server does not keep it for its lease.
window.addEventListener('pagehide', () => {
  void session.value?.live.stop();
});
window.addEventListener('pageshow', (event) => {
  if (event.persisted) window.location.reload();
});
