// A segmented ComplexACK taken by the gateway (ASHRAE 135 clause 5.4.4, the requesting side): segments are
// taken in order and put together; the first is acknowledged alone, which sets the window (the smaller of
// the device's proposed window and ours), then the last segment of each window and the last of the answer
// are acknowledged. A segment out of order (a gap, or a duplicate of one already taken) is dropped and
// answered by a negative SegmentACK naming the last segment taken in order, from which the device resends.
// More segments than the request accepted, or more octets than they can hold, end the answer.

import type { Segment } from '../codec/index.js';

/** The window the gateway proposes to take at most (clause 5.3: 1–127). */
export const GATEWAY_WINDOW = 16;

/** A SegmentACK to send back (the requesting side's: `fromServer` false). */
export interface SegmentAckToSend {
  negative: boolean;
  sequenceNumber: number;
  actualWindowSize: number;
}

/** What a segment did: the SegmentACK it calls for (if any), and the whole body once the last is in. */
export type SegmentTaken =
  | { kind: 'more'; ack: SegmentAckToSend | null }
  | { kind: 'done'; ack: SegmentAckToSend; body: Uint8Array }
  | { kind: 'overflow'; why: string };

export class SegmentedAnswer {
  private readonly parts: Uint8Array[] = [];
  private octets = 0;
  /** Sequence number of the last segment taken in order (-1: none yet). */
  private last = -1;
  /** Sequence number that opened the window in force (the last one acknowledged). */
  private windowStart = 0;
  private window = 1;

  constructor(
    /** The most segments the request said it accepts. */
    private readonly maxSegments: number,
    /** The most octets one segment may carry (the max-APDU the request said). */
    private readonly maxSegmentOctets: number,
  ) {}

  /** Takes one segment of the answer. */
  take(segment: Segment, body: Uint8Array): SegmentTaken {
    const seq = segment.sequenceNumber;
    if (seq !== this.last + 1) return { kind: 'more', ack: this.negative() };
    if (this.last === -1) this.window = Math.min(Math.max(segment.proposedWindowSize, 1), GATEWAY_WINDOW);
    if (this.parts.length >= this.maxSegments)
      return { kind: 'overflow', why: `more than ${this.maxSegments} segments` };
    if (body.length > this.maxSegmentOctets)
      return { kind: 'overflow', why: `a segment of ${body.length} octets` };
    this.parts.push(body);
    this.octets += body.length;
    this.last = seq;
    const ack = { negative: false, sequenceNumber: seq, actualWindowSize: this.window };
    if (!segment.moreFollows) return { kind: 'done', ack, body: this.joined() };
    if (seq === 0 || seq === this.windowStart + this.window) {
      this.windowStart = seq;
      return { kind: 'more', ack };
    }
    return { kind: 'more', ack: null };
  }

  /** Segments taken so far. */
  get count(): number {
    return this.parts.length;
  }

  private negative(): SegmentAckToSend | null {
    // Nothing taken yet: the device resends the first segment when it hears nothing.
    if (this.last === -1) return null;
    this.windowStart = this.last;
    return { negative: true, sequenceNumber: this.last, actualWindowSize: this.window };
  }

  private joined(): Uint8Array {
    const body = new Uint8Array(this.octets);
    let at = 0;
    for (const part of this.parts) {
      body.set(part, at);
      at += part.length;
    }
    return body;
  }
}
