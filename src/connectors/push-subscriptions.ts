// The framework's side of push (protocol.ts, `ConnectorPush`): which of a connector's points have a live
// subscription on the device. Rounds run over the shared link like any request: after each poll round the
// points not subscribed yet are subscribed, and a timer on the injected clock renews each subscription at
// half its lifetime. A lost link voids every subscription (they are made again once the device answers:
// the next poll round); a point the device refuses is polled only, for the connector's life, and the
// refusal is logged once per round. Values pushed on a transport that was lost since are dropped.

import type { Clock, TimerHandle } from '../core/clock.js';
import type { Value } from '../core/value.js';
import type { Link, Transport } from './link.js';
import type { ConnectorPush, SubscribeAnswer } from './protocol.js';

/** What the subscriptions need from their connector. */
export interface PushHost {
  readonly clock: Clock;
  /** Whether requests may go now (the device answers, the connector runs). */
  available(): boolean;
  /** A value the device pushed for a point. */
  deliver(pointId: string, value: Value | null): void;
  /** A point's subscription ended while the link stayed up (refused at its renewal): it is polled again. */
  uncovered(pointId: string): void;
  warn(message: string): void;
}

type State = { kind: 'live'; renewAt: number } | { kind: 'refused' };

export class PushSubscriptions<T extends Transport> {
  /** Each point's subscription; a point absent here has none (not made yet, or voided by a lost link). */
  private readonly state = new Map<string, State>();
  /** Counts the links lost: a round or a value of an older one is dropped. */
  private generation = 0;
  private running = false;
  private stopped = false;
  private timer: TimerHandle | null = null;

  constructor(
    private readonly push: ConnectorPush<T>,
    private readonly link: Link<T>,
    private readonly host: PushHost,
  ) {}

  /** Whether a live subscription covers the point. */
  covered(pointId: string): boolean {
    return this.state.get(pointId)?.kind === 'live';
  }

  /** Whether live subscriptions cover every one of `pointIds` (and there is one). */
  coversAll(pointIds: readonly string[]): boolean {
    return pointIds.length > 0 && pointIds.every((id) => this.covered(id));
  }

  /** How many points have a live subscription. */
  get live(): number {
    let n = 0;
    for (const s of this.state.values()) if (s.kind === 'live') n++;
    return n;
  }

  /**
   * Subscribes every point that has no subscription and renews the ones due (or due within `aheadMs`: the
   * renewal timer takes the ones a little later along rather than waking for each); one round at a time.
   */
  async round(aheadMs = 0): Promise<void> {
    if (this.running || this.stopped || !this.host.available()) return;
    this.running = true;
    this.timer?.cancel();
    this.timer = null;
    const generation = this.generation;
    const refused: string[] = [];
    let why = '';
    try {
      for (const id of this.push.points) {
        if (this.generation !== generation || this.stopped || !this.host.available()) break;
        const was = this.state.get(id);
        const horizon = this.host.clock.now() + aheadMs;
        if (was?.kind === 'refused' || (was?.kind === 'live' && was.renewAt > horizon)) continue;
        let answer: SubscribeAnswer;
        try {
          answer = await this.link.run((t) =>
            this.push.subscribe(t, id, (value) => this.pushed(generation, id, value)),
          );
        } catch {
          break; // lost: the link told every holder; subscribed again when the device answers
        }
        if (this.generation !== generation) break;
        if (answer.ok) {
          this.state.set(id, { kind: 'live', renewAt: this.host.clock.now() + this.push.lifetimeMs / 2 });
          continue;
        }
        this.state.set(id, { kind: 'refused' });
        refused.push(id);
        why ||= answer.why;
        if (was?.kind === 'live') this.host.uncovered(id);
      }
    } finally {
      this.running = false;
    }
    if (refused.length > 0)
      this.host.warn(
        `the device refuses change subscriptions of ${refused.length} point(s) (${why}): they are polled only`,
      );
    this.arm();
  }

  /** The link was lost: every subscription is void (made again when the device answers). */
  lost(): void {
    this.generation++;
    this.timer?.cancel();
    this.timer = null;
    for (const [id, s] of [...this.state]) if (s.kind === 'live') this.state.delete(id);
  }

  /** Stops renewing; cancels the live subscriptions on the device when it still answers (`reachable`). */
  async stop(reachable: boolean): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.timer?.cancel();
    this.timer = null;
    this.generation++;
    const live = [...this.state].filter(([, s]) => s.kind === 'live').map(([id]) => id);
    this.state.clear();
    if (!reachable) return;
    for (const id of live) {
      try {
        await this.link.run((t) => this.push.cancel(t, id));
      } catch {
        return; // lost or closed: the device lets them lapse at the end of their lifetime
      }
    }
  }

  private pushed(generation: number, pointId: string, value: Value | null): void {
    if (generation !== this.generation || this.stopped) return;
    this.host.deliver(pointId, value);
  }

  /** Arms the timer of the next renewal. */
  private arm(): void {
    if (this.stopped) return;
    let next = Number.POSITIVE_INFINITY;
    for (const s of this.state.values()) if (s.kind === 'live') next = Math.min(next, s.renewAt);
    if (next === Number.POSITIVE_INFINITY) return;
    this.timer?.cancel();
    this.timer = this.host.clock.at(next, () => {
      this.timer = null;
      void this.round(this.push.lifetimeMs / 10);
    });
  }
}
