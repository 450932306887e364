// What every login goes through, whatever the protocol (a SCRAM exchange, or a name and password it carries):
// the throttle (one for all protocols, so that an attacker cannot switch protocol to guess faster), the audit
// row of each failed or refused login (durable before the answer goes), its log line, and the security incident
// (the Security Alert) for each failure at or past the throttle's threshold.

import type { Logger } from '../core/logger.js';
import type { WriteStore } from '../store/store.js';
import { type LoginProblem, loginAudit } from './login-audit.js';
import { type Attempt, DEFAULT_THROTTLE, LoginThrottle, type ThrottlePolicy } from './login-throttle.js';

export interface LoginGuardOptions {
  /** Where failed and refused logins are audited. */
  store: Pick<WriteStore, 'commitWrites'>;
  /** Where failed and refused logins are logged (warn), with the name tried and the client address. */
  log?: Logger;
  /** Called for each failed login at or past the throttle threshold (ServerMetrics.securityIncident). */
  onSecurityIncident?: () => void;
  throttle?: Partial<ThrottlePolicy>;
}

export class LoginGuard {
  private readonly store: Pick<WriteStore, 'commitWrites'>;
  private readonly log: Logger | null;
  private readonly onSecurityIncident: () => void;
  private readonly throttle: LoginThrottle;

  constructor(options: LoginGuardOptions) {
    this.store = options.store;
    this.log = options.log ?? null;
    this.onSecurityIncident = options.onSecurityIncident ?? (() => {});
    this.throttle = new LoginThrottle({ ...DEFAULT_THROTTLE, ...options.throttle });
  }

  /**
   * How long `attempt` must still wait before its password may be checked (0: go ahead). The first refusal of
   * each wait is audited and logged; `via` names the protocol in the audit row.
   */
  async admit(attempt: Attempt, via: string, now: number): Promise<number> {
    const verdict = this.throttle.check(attempt, now);
    if (verdict.waitMs <= 0) return 0;
    if (verdict.report) await this.record(attempt, via, { kind: 'throttled', waitMs: verdict.waitMs }, now);
    return verdict.waitMs;
  }

  /** A wrong password or an unknown user (`known` is logged, never answered): counted, audited, logged. */
  async failed(attempt: Attempt, known: boolean, via: string, now: number): Promise<void> {
    if (this.throttle.fail(attempt, now)) this.onSecurityIncident();
    await this.record(attempt, via, { kind: 'failed', known }, now);
  }

  /** A successful login: the failures of that name from that address are forgotten. */
  succeeded(attempt: Attempt): void {
    this.throttle.succeed(attempt);
  }

  /** The audit row (durable before the answer goes) and the log line of a failed or refused login. */
  private async record(attempt: Attempt, via: string, problem: LoginProblem, now: number): Promise<void> {
    const audit = loginAudit(attempt, problem, via, now);
    this.log?.warn(
      {
        user: audit.who,
        remote: attempt.address,
        ...(problem.kind === 'failed'
          ? { knownUser: problem.known }
          : { retryAfterS: Math.ceil(problem.waitMs / 1000) }),
      },
      problem.kind === 'failed' ? 'login failed' : 'login refused: too many failed logins',
    );
    await this.store.commitWrites([{ key: audit.key, array: null, audit }]);
  }
}
