// Link supervision on the receiver side: each supervised account must be heard from (any acknowledged
// message, NULL link tests included) at least every interval; once interval + grace pass without one, the
// account is lost, until its next message. Time is the site's clock: one timer per account, armed at its
// deadline and moved on lazily (a message only notes the time; the timer, when it fires, re-arms itself if
// the account was heard from meanwhile), so that a busy account costs no timer per message. With `shared`
// (a node of a cluster, whose accounts may be heard by the other nodes' receivers), an account is lost only
// once the shared last-seen time (the store's) is past the deadline too, and a lost account is restored when
// that time moves (read every `pollMs` while lost).

import type { Clock, TimerHandle } from '../../../core/clock.js';
import type { SupervisedAccount } from './supervision-settings.js';

/** What the supervisor tells when an account's link is lost or back. */
export interface LinkListener {
  lost(account: SupervisedAccount, lastHeard: number, at: number): void;
  restored(account: SupervisedAccount, lostSince: number, at: number): void;
}

/** One account's link as the receiver's status shows it. */
export interface AccountLink {
  account: string;
  device: string | null;
  intervalS: number;
  graceS: number;
  state: 'ok' | 'lost';
  /** ISO 8601: the last message, or when supervision started if none came since. */
  lastHeard: string;
  /** ISO 8601, while lost: when interval + grace had passed. */
  lostSince?: string;
  /** Times the link was lost since start. */
  losses: number;
}

interface Watch {
  readonly settings: SupervisedAccount;
  lastHeard: number;
  lostSince: number | null;
  losses: number;
  timer: TimerHandle | null;
}

/** The last-seen times every receiver of a cluster writes (the store's), and how often to read a lost one's. */
export interface SharedLastSeen {
  lastSeen(account: string): Promise<number | null>;
  pollMs: number;
}

export class LinkSupervisor {
  private readonly watches = new Map<string, Watch>();
  private closed = false;

  constructor(
    accounts: readonly SupervisedAccount[],
    private readonly clock: Clock,
    private readonly listener: LinkListener,
    private readonly shared: SharedLastSeen | null = null,
  ) {
    // Every account gets a whole interval + grace from the start before it can be lost.
    const now = clock.now();
    for (const settings of accounts) {
      const watch: Watch = { settings, lastHeard: now, lostSince: null, losses: 0, timer: null };
      this.watches.set(settings.account.toUpperCase(), watch);
      this.arm(watch);
    }
  }

  /** A message from `account` was taken at `at` (epoch ms); a lost account is restored at once. */
  heard(account: string, at: number): void {
    const watch = this.watches.get(account.toUpperCase());
    if (!watch || this.closed) return;
    if (at > watch.lastHeard) watch.lastHeard = at;
    if (watch.lostSince === null) return;
    const since = watch.lostSince;
    watch.lostSince = null;
    this.arm(watch);
    this.listener.restored(watch.settings, since, at);
  }

  status(): AccountLink[] {
    return [...this.watches.values()].map((w) => ({
      account: w.settings.account,
      device: w.settings.device,
      intervalS: w.settings.intervalMs / 1000,
      graceS: w.settings.graceMs / 1000,
      state: w.lostSince === null ? 'ok' : 'lost',
      lastHeard: new Date(w.lastHeard).toISOString(),
      ...(w.lostSince === null ? {} : { lostSince: new Date(w.lostSince).toISOString() }),
      losses: w.losses,
    }));
  }

  close(): void {
    this.closed = true;
    for (const w of this.watches.values()) w.timer?.cancel();
  }

  private deadline(w: Watch): number {
    return w.lastHeard + w.settings.intervalMs + w.settings.graceMs;
  }

  private arm(w: Watch): void {
    w.timer?.cancel();
    w.timer = this.clock.at(this.deadline(w), () => this.check(w));
  }

  private check(w: Watch): void {
    w.timer = null;
    if (this.closed || w.lostSince !== null) return;
    const now = this.clock.now();
    if (now < this.deadline(w)) {
      this.arm(w); // heard from meanwhile
      return;
    }
    if (this.shared === null) {
      this.lose(w, now);
      return;
    }
    this.shared.lastSeen(w.settings.account).then(
      (seen) => this.checkShared(w, seen),
      () => this.checkShared(w, null),
    );
  }

  /** The deadline passed here: lost unless another receiver heard the account meanwhile. */
  private checkShared(w: Watch, seen: number | null): void {
    if (this.closed || w.lostSince !== null || w.timer !== null) return;
    if (seen !== null && seen > w.lastHeard) w.lastHeard = seen;
    const now = this.clock.now();
    if (now < this.deadline(w)) this.arm(w);
    else this.lose(w, now);
  }

  private lose(w: Watch, now: number): void {
    w.lostSince = now;
    w.losses++;
    this.listener.lost(w.settings, w.lastHeard, now);
    this.pollLost(w);
  }

  /** While lost, reads the shared last-seen time every pollMs: a message another receiver took restores it. */
  private pollLost(w: Watch): void {
    const shared = this.shared;
    if (shared === null || this.closed) return;
    w.timer = this.clock.at(this.clock.now() + shared.pollMs, () => {
      w.timer = null;
      if (this.closed || w.lostSince === null) return;
      shared.lastSeen(w.settings.account).then(
        (seen) => {
          if (this.closed || w.lostSince === null || w.timer !== null) return;
          if (seen !== null && seen > w.lastHeard) this.heard(w.settings.account, seen);
          else this.pollLost(w);
        },
        () => {
          if (!this.closed && w.lostSince !== null && w.timer === null) this.pollLost(w);
        },
      );
    });
  }
}
