// The answers of confirmed requests already answered, kept a short while (ASHRAE 135 clause 5.4): a client
// that lost an answer sends the same request again with the same invoke id, and must get the same answer
// without the service being run a second time (a write applied twice, a second audit row). One answer per
// peer, device and invoke id, with the request it answers: a different request under that key is a new
// request and replaces it. Kept until `keepMs` after it was made, and never more than KEPT_ANSWERS_MAX (the
// oldest let go first). Expiry is read from the clock when looked at: no timer.

import type { Clock } from '../../core/clock.js';
import type { ConfirmedAnswer } from './application.js';
import type { Apdu } from './codec/index.js';

type ConfirmedRequestApdu = Extract<Apdu, { type: 'confirmed-request' }>;

/** At most this many answers are kept, whatever their age. */
export const KEPT_ANSWERS_MAX = 1000;

interface Kept {
  readonly request: ConfirmedRequestApdu;
  readonly answer: ConfirmedAnswer;
  readonly until: number;
}

/** Whether two Confirmed-Requests are the same request: same service, octets and answer limits. */
function sameRequest(a: ConfirmedRequestApdu, b: ConfirmedRequestApdu): boolean {
  return (
    a.service === b.service &&
    a.maxApdu === b.maxApdu &&
    a.maxSegments === b.maxSegments &&
    a.segmentedResponseAccepted === b.segmentedResponseAccepted &&
    Buffer.compare(a.body, b.body) === 0
  );
}

export class KeptAnswers {
  /** By key, oldest first (every entry is kept for the same time, so the oldest also ends first). */
  private readonly kept = new Map<string, Kept>();

  constructor(
    private readonly clock: Clock,
    private readonly keepMs: number,
  ) {}

  get size(): number {
    return this.kept.size;
  }

  /** The answer kept for this very request under `key`, or undefined (another request there is let go). */
  find(key: string, request: ConfirmedRequestApdu): ConfirmedAnswer | undefined {
    this.expire();
    const kept = this.kept.get(key);
    if (!kept) return undefined;
    if (sameRequest(kept.request, request)) return kept.answer;
    this.kept.delete(key);
    return undefined;
  }

  /** Keeps `answer` to `request` under `key`. */
  keep(key: string, request: ConfirmedRequestApdu, answer: ConfirmedAnswer): void {
    this.expire();
    this.kept.delete(key);
    while (this.kept.size >= KEPT_ANSWERS_MAX) {
      const oldest = this.kept.keys().next().value as string;
      this.kept.delete(oldest);
    }
    // The request's octets are a view of its datagram: copied, so that the datagram is not held.
    const copy: ConfirmedRequestApdu = { ...request, body: Uint8Array.from(request.body) };
    this.kept.set(key, { request: copy, answer, until: this.clock.now() + this.keepMs });
  }

  clear(): void {
    this.kept.clear();
  }

  private expire(): void {
    const now = this.clock.now();
    for (const [key, kept] of this.kept) {
      if (kept.until > now) return;
      this.kept.delete(key);
    }
  }
}
