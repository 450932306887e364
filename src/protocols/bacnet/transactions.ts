// Transactions, keyed per peer and invoke id (ASHRAE 135 clause 5.4). The server side takes a Confirmed-
// Request to one device, decodes its service with the codec, asks the application and encodes its answer
// (segmenting a large ComplexACK, segmentation.ts), and keeps the answer of a request that changes something
// a short while for a client that sends the same request again (kept-answers.ts); the client side sends the
// application's own confirmed requests (ConfirmedCOVNotification) with an invoke id of its own, resends them
// after the APDU timeout and resolves with the answer. Every timer runs on the injected clock and is cancelled by `close`.

import type { Clock, TimerHandle } from '../../core/clock.js';
import type { BacnetApplication, BacnetDevice, BacnetPeer, ConfirmedAnswer } from './application.js';
import {
  AbortReason,
  type Apdu,
  decodeConfirmedRequest,
  encodeError,
  RejectReason,
  unsegmentedRequest,
} from './codec/index.js';
import { KeptAnswers } from './kept-answers.js';
import { planComplexAck, SegmentedAckSender, type SegmentTiming } from './segmentation.js';

type ConfirmedRequestApdu = Extract<Apdu, { type: 'confirmed-request' }>;

/**
 * Services that only read: a repeat is run again (no harm, and a fresher answer: a client polling with the
 * same invoke id and octets never gets an old value); the answers of the others are kept.
 */
const READS: ReadonlySet<string> = new Set(['read-property', 'read-property-multiple']);
type SegmentAckApdu = Extract<Apdu, { type: 'segment-ack' }>;

export interface TransactionTiming extends SegmentTiming {
  /** Wait for the answer to a confirmed request this side sent before resending it (ms). */
  readonly apduTimeoutMs: number;
}

export const TRANSACTION_DEFAULTS: TransactionTiming = {
  apduTimeoutMs: 3000,
  segmentTimeoutMs: 2000,
  retries: 3,
  proposedWindow: 16,
};

/** A peer as a key: its B/IP address and its routed source. */
export function peerKey(peer: BacnetPeer): string {
  const routed = peer.routedFrom;
  return routed
    ? `${peer.address}|${routed.network}:${Buffer.from(routed.mac).toString('hex')}`
    : peer.address;
}

/** The server side: the confirmed requests being answered, by peer, device and invoke id. */
export class ServerTransactions {
  /** Transactions in progress: the application's answer awaited, or segments being sent. */
  private readonly open = new Map<string, { sender: SegmentedAckSender | null }>();
  /**
   * Answers already made, for a client that lost one and sends its request again: kept for as long as a
   * client with this side's APDU timeout and retries would still be resending it.
   */
  private readonly kept: KeptAnswers;
  private closed = false;

  constructor(
    private readonly application: BacnetApplication,
    private readonly clock: Clock,
    private readonly timing: TransactionTiming = TRANSACTION_DEFAULTS,
    private readonly log: (line: string) => void = () => {},
  ) {
    this.kept = new KeptAnswers(clock, timing.apduTimeoutMs * (timing.retries + 1));
  }

  get size(): number {
    return this.open.size;
  }

  /** A Confirmed-Request to `device`; `reply` sends an APDU back to the peer on the device's behalf. */
  request(
    device: BacnetDevice,
    apdu: ConfirmedRequestApdu,
    peer: BacnetPeer,
    reply: (a: Apdu) => void,
  ): void {
    if (this.closed) return;
    const key = `${peerKey(peer)}#${device.instance}#${apdu.invokeId}`;
    // A request sent again while its answer is being made or sent is the same request.
    if (this.open.has(key)) return;
    // Any other request under this key (a read, one refused) lets the kept answer go: the invoke id is reused.
    const kept = this.kept.find(key, apdu);
    if (kept) {
      // The same request again (its answer was lost): the same answer, the service not run a second time.
      this.respond(key, device, apdu, kept, reply, false);
      return;
    }
    const { invokeId, service } = apdu;
    if (apdu.segment) {
      reply({ type: 'abort', fromServer: true, invokeId, reason: AbortReason.SEGMENTATION_NOT_SUPPORTED });
      return;
    }
    const decoded = decodeConfirmedRequest(service, apdu.body);
    if (decoded === null) {
      reply({ type: 'reject', invokeId, reason: RejectReason.UNRECOGNIZED_SERVICE });
      return;
    }
    if (!decoded.ok) {
      this.log(`BACnet: request ${service} from ${peer.address} rejected: ${decoded.error}`);
      reply({ type: 'reject', invokeId, reason: decoded.rejectReason });
      return;
    }
    const changes = !READS.has(decoded.value.service);
    const entry = { sender: null as SegmentedAckSender | null };
    this.open.set(key, entry);
    new Promise<ConfirmedAnswer>((resolve) =>
      resolve(this.application.confirmed(device, decoded.value, peer)),
    )
      .catch((err: unknown): ConfirmedAnswer => {
        const why = err instanceof Error ? err.message : String(err);
        return { kind: 'abort', reason: AbortReason.OTHER, why };
      })
      .then((answer) => {
        if (this.closed || this.open.get(key) !== entry) return;
        this.open.delete(key);
        if (this.respond(key, device, apdu, answer, reply, true) && changes)
          this.kept.keep(key, apdu, answer);
      });
  }

  /**
   * Sends `answer` (logged when `log`), its segments as a transaction of their own under `key`; false when
   * it cannot be sent.
   */
  private respond(
    key: string,
    device: BacnetDevice,
    apdu: ConfirmedRequestApdu,
    answer: ConfirmedAnswer,
    reply: (a: Apdu) => void,
    log: boolean,
  ): boolean {
    try {
      const entry = { sender: null as SegmentedAckSender | null };
      const sender = this.answer(device, apdu, answer, reply, log, () => {
        if (this.open.get(key) === entry) this.open.delete(key);
      });
      if (sender) {
        entry.sender = sender;
        this.open.set(key, entry);
        sender.start();
      }
      return true;
    } catch (err) {
      // An answer the codec cannot encode (an application's fault): logged, the transaction ends.
      this.open.delete(key);
      this.log(`BACnet: ${device.id}: answer not sent: ${err instanceof Error ? err.message : String(err)}`);
      return false;
    }
  }

  /** A SegmentACK from a peer for a segmented answer of `device`. */
  segmentAck(device: BacnetDevice, ack: SegmentAckApdu, peer: BacnetPeer): void {
    this.open.get(`${peerKey(peer)}#${device.instance}#${ack.invokeId}`)?.sender?.segmentAck(ack);
  }

  /** An Abort from a peer: its transaction with `device` ends. */
  abort(device: BacnetDevice, invokeId: number, peer: BacnetPeer): void {
    const key = `${peerKey(peer)}#${device.instance}#${invokeId}`;
    const entry = this.open.get(key);
    if (!entry) return;
    this.open.delete(key);
    entry.sender?.cancel();
  }

  close(): void {
    this.closed = true;
    for (const entry of this.open.values()) entry.sender?.cancel();
    this.open.clear();
    this.kept.clear();
  }

  /** Sends the answer, or returns the sender of its segments. */
  private answer(
    device: BacnetDevice,
    request: ConfirmedRequestApdu,
    answer: ConfirmedAnswer,
    reply: (a: Apdu) => void,
    log: boolean,
    done: () => void,
  ): SegmentedAckSender | null {
    const { invokeId, service } = request;
    const note = log ? this.log : () => {};
    switch (answer.kind) {
      case 'simple-ack':
        reply({ type: 'simple-ack', invokeId, service });
        return null;
      case 'error':
        note(`BACnet: ${device.id}: error ${answer.errorClass}/${answer.errorCode}: ${answer.why}`);
        reply({ type: 'error', invokeId, service, body: answer.body ?? encodeError(answer) });
        return null;
      case 'reject':
        note(`BACnet: ${device.id}: reject ${answer.reason}: ${answer.why}`);
        reply({ type: 'reject', invokeId, reason: answer.reason });
        return null;
      case 'abort':
        note(`BACnet: ${device.id}: abort ${answer.reason}: ${answer.why}`);
        reply({ type: 'abort', fromServer: true, invokeId, reason: answer.reason });
        return null;
      case 'complex-ack': {
        const plan = planComplexAck(answer.body, request, device);
        if (plan.kind === 'whole') {
          reply({ type: 'complex-ack', invokeId, service, body: answer.body });
          return null;
        }
        if (plan.kind === 'abort') {
          reply({ type: 'abort', fromServer: true, invokeId, reason: plan.reason });
          return null;
        }
        return new SegmentedAckSender(plan.segments, invokeId, service, reply, this.clock, this.timing, done);
      }
    }
  }
}

interface Pending {
  resolve(acknowledged: boolean): void;
  timer: TimerHandle;
}

/** The client side: confirmed requests this side sends, by peer and invoke id. */
export class ClientTransactions {
  private readonly pending = new Map<string, Map<number, Pending>>();
  private readonly nextId = new Map<string, number>();
  private closed = false;

  constructor(
    private readonly clock: Clock,
    private readonly timing: TransactionTiming = TRANSACTION_DEFAULTS,
  ) {}

  /**
   * Sends a Confirmed-Request (`send` puts the APDU on the wire, once and again at each retry); resolves
   * true on a SimpleACK or ComplexACK, false on an Error, Reject, Abort, no answer after the retries, no
   * free invoke id towards that peer, or the close.
   */
  confirmed(peer: BacnetPeer, service: number, body: Uint8Array, send: (a: Apdu) => void): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    const key = peerKey(peer);
    const open = this.pending.get(key) ?? new Map<number, Pending>();
    this.pending.set(key, open);
    const invokeId = this.freeId(key, open);
    if (invokeId === null) return Promise.resolve(false);
    const apdu = unsegmentedRequest(invokeId, service, body);
    return new Promise<boolean>((resolve) => {
      let retriesLeft = this.timing.retries;
      const arm = (): TimerHandle =>
        this.clock.at(this.clock.now() + this.timing.apduTimeoutMs, () => {
          const entry = open.get(invokeId);
          if (!entry) return;
          if (retriesLeft-- > 0) {
            send(apdu);
            entry.timer = arm();
          } else this.settle(key, invokeId, false);
        });
      open.set(invokeId, { resolve, timer: arm() });
      send(apdu);
    });
  }

  /** An answer from a peer (SimpleACK, ComplexACK, Error, Reject, Abort); one it is not waiting for is ignored. */
  answer(peer: BacnetPeer, apdu: Apdu): void {
    if (!('invokeId' in apdu)) return;
    switch (apdu.type) {
      case 'simple-ack':
      case 'complex-ack':
        // A segmented ComplexACK is not taken: nothing this side sends is answered so.
        this.settle(peerKey(peer), apdu.invokeId, apdu.type === 'simple-ack' || !apdu.segment);
        return;
      case 'error':
      case 'reject':
      case 'abort':
        this.settle(peerKey(peer), apdu.invokeId, false);
        return;
      default:
        return;
    }
  }

  close(): void {
    this.closed = true;
    for (const [key, open] of this.pending) for (const id of [...open.keys()]) this.settle(key, id, false);
  }

  private settle(key: string, invokeId: number, acknowledged: boolean): void {
    const open = this.pending.get(key);
    const entry = open?.get(invokeId);
    if (!open || !entry) return;
    open.delete(invokeId);
    if (open.size === 0) this.pending.delete(key);
    entry.timer.cancel();
    entry.resolve(acknowledged);
  }

  private freeId(key: string, open: Map<number, Pending>): number | null {
    const start = this.nextId.get(key) ?? 0;
    for (let i = 0; i < 256; i++) {
      const id = (start + i) & 0xff;
      if (!open.has(id)) {
        this.nextId.set(key, (id + 1) & 0xff);
        return id;
      }
    }
    return null;
  }
}
