// Pointyard as a foreign device of a BBMD (ASHRAE 135 Annex J.5.2): from a subnet without a BBMD of its own,
// it sends Register-Foreign-Device(ttl) to the BBMD and registers again before the time-to-live runs out; the
// BBMD then forwards the broadcasts of the BACnet/IP network to it (Forwarded-NPDU), and its own broadcasts go
// to the BBMD as Distribute-Broadcast-To-Network. A BVLC-Result NAK and no answer are logged and tried
// again, with a back-off. The registration counts as held from the earliest request the BBMD's OK can answer
// until one time-to-live later (the BBMD's 30 s of grace left out), so that it never outlasts the BBMD's
// entry. Every timer runs on the injected clock and is cancelled by `close`.

import type { Clock, TimerHandle } from '../../core/clock.js';
import { type BipAddress, BvlcResultCode, encodeBvlc } from './codec/index.js';

/** Where and for how long to register. */
export interface ForeignDeviceSettings {
  /** The BBMD's B/IP address. */
  readonly bbmd: BipAddress;
  /** Time-to-live of the registration, in seconds. */
  readonly ttl: number;
}

/** The first wait after a failed attempt; each failure in a row doubles it, up to RETRY_MAX_MS. */
export const RETRY_FIRST_MS = 2_000;
export const RETRY_MAX_MS = 300_000;

/** When to register again after a registration: at ttl/2 or ttl − 30 s, whichever is sooner. */
export function reRegisterAfterMs(ttl: number): number {
  return Math.min(ttl / 2, ttl - 30) * 1000;
}

/** What the last attempt got: none yet (or one is pending), OK, a NAK, or no answer in time. */
export type RegistrationOutcome = 'pending' | 'registered' | 'refused' | 'no-answer';

/** The registration as the server shows it. */
export interface ForeignDeviceStatus {
  /** The BBMD, `address:port`. */
  readonly bbmd: string;
  readonly ttl: number;
  /** Whether the BBMD holds the registration now (broadcasts go through it). */
  readonly registered: boolean;
  readonly outcome: RegistrationOutcome;
  /** Until when (epoch ms) the registration is held; null when it is not. */
  readonly until: number | null;
}

export interface ForeignDeviceOptions {
  /** Sends a datagram from the server's socket. */
  readonly send: (datagram: Uint8Array, to: BipAddress) => void;
  readonly clock: Clock;
  /** How long to wait for the BBMD's BVLC-Result (ms). */
  readonly answerTimeoutMs: number;
  /** A person-readable line for a NAK or no answer. */
  readonly warn: (line: string) => void;
  /** A person-readable line for a registration made or lost. */
  readonly note: (line: string) => void;
  /** The registration was made (again, after it was not held): what waited for it can be broadcast now. */
  readonly onRegistered?: () => void;
}

const text = (a: BipAddress): string => `${a.address}:${a.port}`;
const seconds = (ms: number): string => `${Math.round(ms / 1000)} s`;

export class ForeignDeviceRegistration {
  private outcome: RegistrationOutcome = 'pending';
  /** The registration is held until then (epoch ms); 0: not held. */
  private heldUntil = 0;
  /** When the earliest request not yet answered was sent, or null. */
  private unansweredSince: number | null = null;
  private failures = 0;
  private answerTimer: TimerHandle | null = null;
  private nextTimer: TimerHandle | null = null;
  private closed = false;
  private readonly settled: Promise<void>;
  private settle: () => void = () => {};

  constructor(
    readonly settings: ForeignDeviceSettings,
    private readonly options: ForeignDeviceOptions,
  ) {
    this.settled = new Promise((resolve) => {
      this.settle = resolve;
    });
  }

  /** Whether the BBMD holds the registration now. */
  get registered(): boolean {
    return !this.closed && this.options.clock.now() < this.heldUntil;
  }

  get status(): ForeignDeviceStatus {
    const registered = this.registered;
    return {
      bbmd: text(this.settings.bbmd),
      ttl: this.settings.ttl,
      registered,
      outcome: this.outcome,
      until: registered ? this.heldUntil : null,
    };
  }

  /** One line for people: the BBMD, and whether the registration is held. */
  describe(): string {
    const { bbmd, ttl } = this.status;
    const of = `foreign device of the BBMD at ${bbmd} (ttl ${ttl} s)`;
    if (this.registered) return `${of}: registered`;
    switch (this.outcome) {
      case 'refused':
        return `${of}: not registered, the BBMD refused (NAK); trying again`;
      case 'no-answer':
        return `${of}: not registered, no answer from the BBMD; trying again`;
      default:
        return `${of}: registering`;
    }
  }

  /** Sends the first Register-Foreign-Device. */
  start(): void {
    this.attempt();
  }

  /** Resolves once the first attempt has an outcome (OK, NAK or no answer), or on close. */
  firstOutcome(): Promise<void> {
    return this.settled;
  }

  /** A BVLC-Result that reached the server's socket; one from another address is not the BBMD's. */
  result(code: number, from: BipAddress): void {
    if (this.closed || text(from) !== text(this.settings.bbmd)) return;
    switch (code) {
      case BvlcResultCode.SUCCESSFUL_COMPLETION:
        // An OK with no request waiting answers none of ours (a late copy): it proves nothing.
        if (this.unansweredSince !== null) this.registeredNow(this.unansweredSince);
        return;
      case BvlcResultCode.REGISTER_FOREIGN_DEVICE_NAK:
        if (this.unansweredSince === null) return;
        this.failed(
          'refused',
          `the BBMD at ${text(this.settings.bbmd)} refused the foreign-device registration ` +
            '(BVLC-Result Register-Foreign-Device-NAK: its foreign device table may be full, or it takes no foreign devices)',
        );
        return;
      case BvlcResultCode.DISTRIBUTE_BROADCAST_TO_NETWORK_NAK:
        // The BBMD does not (or no longer) hold the registration: broadcasts go locally until it does again.
        this.options.warn(
          `BACnet: the BBMD at ${text(this.settings.bbmd)} refused a broadcast to distribute ` +
            '(Distribute-Broadcast-To-Network-NAK): it does not hold the registration; registering again',
        );
        this.heldUntil = 0;
        if (this.unansweredSince === null) this.attempt();
        return;
      default:
        return;
    }
  }

  close(): void {
    this.closed = true;
    this.answerTimer?.cancel();
    this.nextTimer?.cancel();
    this.settle();
  }

  private attempt(): void {
    if (this.closed) return;
    this.nextTimer?.cancel();
    this.nextTimer = null;
    const { clock } = this.options;
    this.unansweredSince ??= clock.now();
    this.options.send(
      encodeBvlc({ function: 'register-foreign-device', ttl: this.settings.ttl }),
      this.settings.bbmd,
    );
    this.answerTimer?.cancel();
    this.answerTimer = clock.at(clock.now() + this.options.answerTimeoutMs, () => {
      this.answerTimer = null;
      this.failed(
        'no-answer',
        `no answer from the BBMD at ${text(this.settings.bbmd)} to Register-Foreign-Device ` +
          `within ${seconds(this.options.answerTimeoutMs)}`,
      );
    });
  }

  private registeredNow(since: number): void {
    const wasHeld = this.registered;
    this.answerTimer?.cancel();
    this.answerTimer = null;
    this.unansweredSince = null;
    this.failures = 0;
    this.outcome = 'registered';
    this.heldUntil = since + this.settings.ttl * 1000;
    this.settle();
    this.schedule(since + reRegisterAfterMs(this.settings.ttl));
    if (!wasHeld) {
      this.options.note(
        `BACnet: registered as a foreign device with the BBMD at ${text(this.settings.bbmd)} ` +
          `(ttl ${this.settings.ttl} s): broadcasts go through it`,
      );
      this.options.onRegistered?.();
    }
  }

  private failed(outcome: 'refused' | 'no-answer', why: string): void {
    const { clock } = this.options;
    this.answerTimer?.cancel();
    this.answerTimer = null;
    this.unansweredSince = null;
    this.outcome = outcome;
    const wait = Math.min(RETRY_FIRST_MS * 2 ** this.failures, RETRY_MAX_MS);
    this.failures++;
    const held = this.registered
      ? `; the registration is held until ${new Date(this.heldUntil).toISOString()}`
      : '; broadcasts stay local meanwhile';
    this.options.warn(`BACnet: ${why}${held}; trying again in ${seconds(wait)}`);
    this.settle();
    this.schedule(clock.now() + wait);
  }

  private schedule(at: number): void {
    this.nextTimer?.cancel();
    this.nextTimer = this.options.clock.at(at, () => {
      this.nextTimer = null;
      this.attempt();
    });
  }
}
