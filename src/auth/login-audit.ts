// The audit record of a failed or refused login, in the write path's audit trail: who is the name tried
// (whether or not such a user exists), via the protocol it came through, remote the client address, key
// `login` (no point), action `login-failed` (wrong password or unknown user) or `login-throttled` (refused
// before any check: a 429 in HTTP).

import type { AuditRecord } from '../store/store.js';
import type { Attempt } from './login-throttle.js';

/** The audit trail's key for logins: not a point. */
export const LOGIN_AUDIT_KEY = 'login';

/** Names longer than this (no user name is) are cut in the audit trail and the log. */
const MAX_NAME = 100;

export type LoginProblem =
  | { kind: 'failed' /** Whether the name is a user's (logged, never answered). */; known: boolean }
  | { kind: 'throttled'; waitMs: number };

export function loginAudit(attempt: Attempt, problem: LoginProblem, via: string, now: number): AuditRecord {
  const who = attempt.name.length > MAX_NAME ? `${attempt.name.slice(0, MAX_NAME)}…` : attempt.name;
  return {
    ts: now,
    who,
    via,
    remote: attempt.address,
    key: LOGIN_AUDIT_KEY,
    level: null,
    action: problem.kind === 'failed' ? 'login-failed' : 'login-throttled',
    written: null,
    before: null,
    after: null,
  };
}
