// Segmented ComplexACKs (ASHRAE 135 clause 5.2, 5.4.5.3): a body too large for the requester's max-APDU is
// cut into segments the requester's max-segments allows, sent window by window as its SegmentACKs ask. The
// first segment goes alone; each SegmentACK moves the window on by its sequence number and sets the window
// to its actual window size; a negative one resends from the segment after the one it names; an ACK of a
// segment already acknowledged is a duplicate and is ignored; no ACK within the segment timeout resends the
// window, and after the retries the transaction ends with Abort tsm-timeout.

import type { Clock, TimerHandle } from '../../core/clock.js';
import { AbortReason, type Apdu, MAX_APDU_OCTETS, MAX_SEGMENTS, Segmentation } from './codec/index.js';

/** Octets of a ComplexACK's header: type, invoke id, service choice. */
export const COMPLEX_ACK_HEADER = 3;
/** Octets of a segmented ComplexACK's header: the above plus sequence number and proposed window size. */
export const SEGMENTED_ACK_HEADER = 5;
/** Sequence numbers are one octet: a reply of more segments than this is never sent. */
export const MAX_SEGMENT_COUNT = 256;

/** What a Confirmed-Request says about the answers its requester takes. */
export interface RequesterLimits {
  /** Max-APDU code (0–5; a reserved code is taken as the smallest, 50 octets). */
  readonly maxApdu: number;
  /** Max-segments code (0 unspecified: up to MAX_SEGMENT_COUNT). */
  readonly maxSegments: number;
  readonly segmentedResponseAccepted: boolean;
}

/** The requester's max-APDU in octets, never more than what the answering device takes itself. */
export function maxApduOctets(code: number, deviceMax: number): number {
  const octets = MAX_APDU_OCTETS[code as 0] ?? MAX_APDU_OCTETS[0];
  return Math.min(octets, Math.max(deviceMax, MAX_APDU_OCTETS[0]));
}

/**
 * How a ComplexACK body goes out: whole, in segments, or not at all (the Abort reason): segmentation-not-
 * supported when the requester (or the device) takes no segments, buffer-overflow when more segments would
 * be needed than the requester accepts.
 */
export function planComplexAck(
  body: Uint8Array,
  requester: RequesterLimits,
  device: { readonly maxApdu: number; readonly segmentation: number },
): { kind: 'whole' } | { kind: 'segments'; segments: Uint8Array[] } | { kind: 'abort'; reason: number } {
  const max = maxApduOctets(requester.maxApdu, device.maxApdu);
  if (COMPLEX_ACK_HEADER + body.length <= max) return { kind: 'whole' };
  const deviceSends =
    device.segmentation === Segmentation.SEGMENTED_BOTH ||
    device.segmentation === Segmentation.SEGMENTED_TRANSMIT;
  if (!requester.segmentedResponseAccepted || !deviceSends)
    return { kind: 'abort', reason: AbortReason.SEGMENTATION_NOT_SUPPORTED };
  const size = max - SEGMENTED_ACK_HEADER;
  const count = Math.ceil(body.length / size);
  const accepted = Math.min(MAX_SEGMENTS[requester.maxSegments as 0] ?? MAX_SEGMENT_COUNT, MAX_SEGMENT_COUNT);
  if (count > accepted) return { kind: 'abort', reason: AbortReason.BUFFER_OVERFLOW };
  const segments: Uint8Array[] = [];
  for (let i = 0; i < count; i++) segments.push(body.subarray(i * size, (i + 1) * size));
  return { kind: 'segments', segments };
}

export interface SegmentTiming {
  /** Wait for a SegmentACK before resending the window (ms). */
  readonly segmentTimeoutMs: number;
  /** Resends of a window before the transaction is aborted. */
  readonly retries: number;
  /** The window size proposed in each segment (1–127). */
  readonly proposedWindow: number;
}

/** Sends one segmented ComplexACK and follows its SegmentACKs until the last is acknowledged. */
export class SegmentedAckSender {
  /** First segment of the window in flight. */
  private first = 0;
  /** Segments of the window in flight. */
  private window = 1;
  private retriesLeft: number;
  private timer: TimerHandle | null = null;
  private finished = false;

  constructor(
    private readonly segments: readonly Uint8Array[],
    private readonly invokeId: number,
    private readonly service: number,
    private readonly send: (apdu: Apdu) => void,
    private readonly clock: Clock,
    private readonly timing: SegmentTiming,
    /** Called once, when the last segment is acknowledged or the transaction is given up. */
    private readonly done: () => void,
  ) {
    this.retriesLeft = timing.retries;
  }

  /** Sends the first segment alone. */
  start(): void {
    this.sendWindow();
  }

  /** A SegmentACK from the requester for this transaction. */
  segmentAck(ack: { negative: boolean; sequenceNumber: number; actualWindowSize: number }): void {
    if (this.finished) return;
    const lastSent = Math.min(this.first + this.window, this.segments.length) - 1;
    const seq = ack.sequenceNumber;
    // Only the segment before the window (a negative ACK: none of the window arrived) or one in it counts.
    if (seq < this.first - 1 || seq > lastSent) return;
    if (seq === this.first - 1 && !ack.negative) return;
    if (seq === this.segments.length - 1) {
      this.finish();
      return;
    }
    this.first = seq + 1;
    this.window = Math.min(Math.max(ack.actualWindowSize, 1), 127);
    this.retriesLeft = this.timing.retries;
    this.sendWindow();
  }

  /** Ends the transaction without another segment (an Abort from the requester, the server closing). */
  cancel(): void {
    this.finish();
  }

  private sendWindow(): void {
    const end = Math.min(this.first + this.window, this.segments.length);
    for (let i = this.first; i < end; i++) {
      this.send({
        type: 'complex-ack',
        invokeId: this.invokeId,
        segment: {
          sequenceNumber: i,
          proposedWindowSize: this.timing.proposedWindow,
          moreFollows: i < this.segments.length - 1,
        },
        service: this.service,
        body: this.segments[i] as Uint8Array,
      });
    }
    this.timer?.cancel();
    this.timer = this.clock.at(this.clock.now() + this.timing.segmentTimeoutMs, () => this.timeout());
  }

  private timeout(): void {
    if (this.finished) return;
    if (this.retriesLeft-- > 0) {
      this.sendWindow();
      return;
    }
    this.send({ type: 'abort', fromServer: true, invokeId: this.invokeId, reason: AbortReason.TSM_TIMEOUT });
    this.finish();
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.timer?.cancel();
    this.done();
  }
}
