// The gateway's side of the wire: one UDP socket towards one BACnet/IP address (the device, or the router its
// devices sit behind), sending confirmed requests and taking their answers by invoke id. A request goes to a
// routed device with DNET/DADR in its NPDU. No answer within `timeoutMs` rejects (the connector framework
// takes that as a lost link); an Error, Reject or Abort is an answer: the device's refusal. Requests accept
// segmented answers (up to MAX_SEGMENTS_ACCEPTED segments of the max-APDU they say), put together by
// segmented-answer.ts; each segment gives the device `timeoutMs` more. COV notifications (confirmed or not)
// go to the listener of their subscriber process, device and object; a well-formed confirmed one is
// acknowledged with a SimpleACK (it reached us), to the routed device it came from. `whoIs` finds a device
// by its instance: a global Who-Is for that one instance to the address (a router passes it on to its
// networks), answered by the device's I-Am, whose source says its network and MAC behind a router.

import dgram from 'node:dgram';
import type { Transport } from '../../../connectors/link.js';
import {
  AbortReason,
  type Apdu,
  ConfirmedService,
  type CovNotification,
  decodeCovNotification,
  decodeError,
  decodeFrame,
  decodeIAm,
  ErrorClass,
  ErrorCode,
  encodeFrame,
  encodeWhoIs,
  type Frame,
  GLOBAL_NETWORK,
  MAX_APDU_OCTETS,
  maxApduCode,
  maxSegmentsCode,
  type NpduHeader,
  type ObjectId,
  objectIdToNumber,
  RejectReason,
  UnconfirmedService,
} from '../codec/index.js';
import { IAmWaits } from './i-am-waits.js';
import type { RoutedTo } from './routed-to.js';

export type { RoutedTo } from './routed-to.js';

import { SegmentedAnswer } from './segmented-answer.js';

/** The most segments of one answer a request accepts (its max-segments: 64). */
export const MAX_SEGMENTS_ACCEPTED = 64;

/** How a client's requests go: how long to wait, and the largest APDU they accept. */
export interface ClientOptions {
  timeoutMs: number;
  /** Octets (one of MAX_APDU_OCTETS); default 1476. */
  maxApdu?: number;
}

/** What tells a COV listener apart: subscriber process, initiating device and monitored object. */
export const covKey = (processId: number, device: number, object: ObjectId) =>
  `${processId}|${device}|${objectIdToNumber(object)}`;

/**
 * What a confirmed request got: an acknowledgement (with a ComplexACK's body), or the device's refusal (with
 * the reason of a Reject).
 */
export type ClientAnswer =
  | { kind: 'simple-ack' }
  | { kind: 'complex-ack'; body: Uint8Array }
  | { kind: 'refused'; why: string; rejected?: number; errorClass?: number };

const nameOf = (table: Record<string, number>, n: number) =>
  Object.entries(table).find(([, v]) => v === n)?.[0] ?? String(n);

/** A refusal for a person: `error PROPERTY/UNKNOWN_OBJECT`, `reject …`, `abort …`. */
function refusalOf(apdu: Apdu): string {
  if (apdu.type === 'reject') return `reject ${nameOf(RejectReason, apdu.reason)}`;
  if (apdu.type === 'abort') return `abort ${nameOf(AbortReason, apdu.reason)}`;
  if (apdu.type !== 'error') return apdu.type;
  const e = decodeError(apdu.body);
  if (!e.ok) return 'error (undecodable)';
  return `error ${nameOf(ErrorClass, e.value.errorClass)}/${nameOf(ErrorCode, e.value.errorCode)}`;
}

interface Waiting {
  /** The network the request was routed to, or null. */
  network: number | null;
  /** Where the request went (a SegmentACK goes there too). */
  routed: RoutedTo | null;
  resolve(answer: ClientAnswer): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
  /** The segments taken so far of a segmented answer. */
  segments: SegmentedAnswer | null;
}

export class BacnetClient implements Transport {
  private readonly waiting = new Map<number, Waiting>();
  private readonly covListeners = new Map<string, (n: CovNotification) => void>();
  /** Who-Is sent and waiting for their I-Am. */
  private readonly iAmWaits = new IAmWaits();
  private nextInvokeId = 0;
  private isClosed = false;

  private constructor(
    private readonly socket: dgram.Socket,
    private readonly host: string,
    private readonly port: number,
    private readonly timeoutMs: number,
    /** The largest APDU the requests say they accept, octets. */
    private readonly maxApdu: number,
  ) {
    socket.on('message', (datagram, rinfo) => {
      if (rinfo.port === port) this.receive(datagram);
    });
    socket.on('error', () => {
      // A send to an unreachable address may report here: that request times out, as UDP's do.
    });
  }

  /** A socket on a free local port, towards `host:port` (bound to loopback only for a loopback device). */
  static async open(host: string, port: number, options: ClientOptions): Promise<BacnetClient> {
    const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
    const local = host.startsWith('127.') ? '127.0.0.1' : host === '::1' ? '::1' : undefined;
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, local, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    return new BacnetClient(socket, host, port, options.timeoutMs, options.maxApdu ?? MAX_APDU_OCTETS[5]);
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** Sends a confirmed request of `service` to the device; rejects when no answer comes in time. */
  request(service: number, body: Uint8Array, routed: RoutedTo | null): Promise<ClientAnswer> {
    if (this.isClosed) return Promise.reject(new Error('the BACnet client is closed'));
    const invokeId = this.freeInvokeId();
    if (invokeId === null) return Promise.reject(new Error('no free invoke id'));
    const apdu: Apdu = {
      type: 'confirmed-request',
      segmentedResponseAccepted: true,
      maxSegments: maxSegmentsCode(MAX_SEGMENTS_ACCEPTED),
      maxApdu: maxApduCode(this.maxApdu),
      invokeId,
      service,
      body,
    };
    return new Promise<ClientAnswer>((resolve, reject) => {
      const waiting: Waiting = {
        network: routed?.network ?? null,
        routed,
        resolve,
        reject,
        timer: this.timeout(invokeId),
        segments: null,
      };
      this.waiting.set(invokeId, waiting);
      this.send(apdu, routed, true, (err) => this.settle(invokeId)?.reject(err));
    });
  }

  /**
   * Sends an APDU to the device (a routed one with DNET/DADR); `failed` is told when the socket cannot. A
   * request expects a reply; an answer (SimpleACK, SegmentACK) does not.
   */
  private send(apdu: Apdu, routed: RoutedTo | null, expectingReply: boolean, failed?: (err: Error) => void) {
    const npdu: NpduHeader = routed
      ? {
          expectingReply,
          priority: 0,
          destination: { network: routed.network, address: routed.mac },
          hopCount: 255,
        }
      : { expectingReply, priority: 0 };
    const datagram = encodeFrame({ bvlc: 'original-unicast', npdu, body: { apdu } });
    this.socket.send(datagram, this.port, this.host, (err) => {
      if (err) failed?.(err);
    });
  }

  /** The timer that gives up on a request's answer after `timeoutMs`. */
  private timeout(invokeId: number): NodeJS.Timeout {
    return setTimeout(() => {
      const waiting = this.waiting.get(invokeId);
      if (!waiting) return;
      this.waiting.delete(invokeId);
      waiting.reject(new Error(`no BACnet answer from ${this.host}:${this.port} after ${this.timeoutMs} ms`));
    }, this.timeoutMs);
  }

  /**
   * Finds device `instance` behind the address: a global Who-Is for it alone, answered by its I-Am; resolves
   * with its network and MAC when it sits behind a router (null: on the IP network); rejects when no I-Am
   * comes within `timeoutMs`.
   */
  whoIs(instance: number): Promise<RoutedTo | null> {
    if (this.isClosed) return Promise.reject(new Error('the BACnet client is closed'));
    const { done, fail } = this.iAmWaits.wait(
      instance,
      this.timeoutMs,
      () =>
        new Error(`no I-Am of device ${instance} from ${this.host}:${this.port} after ${this.timeoutMs} ms`),
    );
    const apdu: Apdu = {
      type: 'unconfirmed-request',
      service: UnconfirmedService.WHO_IS,
      body: encodeWhoIs({ range: { low: instance, high: instance } }),
    };
    this.send(apdu, { network: GLOBAL_NETWORK, mac: new Uint8Array(0) }, false, fail);
    return done;
  }

  /**
   * Calls `listener` with each COV notification of subscriber `processId` for `object` of `device` (one
   * listener per key: a new one replaces it); returns what stops it.
   */
  listenCov(processId: number, device: number, object: ObjectId, listener: (n: CovNotification) => void) {
    const key = covKey(processId, device, object);
    this.covListeners.set(key, listener);
    return () => {
      if (this.covListeners.get(key) === listener) this.covListeners.delete(key);
    };
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const id of [...this.waiting.keys()]) this.settle(id)?.reject(new Error('the link is closed'));
    this.covListeners.clear();
    this.iAmWaits.failAll(new Error('the link is closed'));
    await new Promise<void>((resolve) => this.socket.close(() => resolve()));
  }

  /**
   * An answer to one of the waiting requests, or a router's Reject-Message-To-Network for the network they
   * were sent to (a `dnet` the router does not reach: a refusal, not a lost link); anything else
   * (announcements, strays) is ignored.
   */
  private receive(datagram: Buffer): void {
    const decoded = decodeFrame(datagram);
    if (!decoded.ok) return;
    const message = decoded.value.networkMessage;
    if (message?.type === 'reject-message-to-network') {
      const why = `the router rejects messages to network ${message.network} (reason ${message.reason})`;
      for (const [id, w] of [...this.waiting])
        if (w.network === message.network) this.settle(id)?.resolve({ kind: 'refused', why });
      return;
    }
    if (!decoded.value.apdu) return;
    const apdu = decoded.value.apdu;
    if (apdu.type === 'unconfirmed-request' && apdu.service === UnconfirmedService.I_AM) {
      this.iAm(apdu.body, decoded.value);
      return;
    }
    if (apdu.type === 'confirmed-request' || apdu.type === 'unconfirmed-request') {
      this.notification(apdu, decoded.value);
      return;
    }
    if (apdu.type === 'segment-ack') return;
    if (apdu.type === 'complex-ack' && apdu.segment) {
      this.segment(apdu.invokeId, apdu.segment, apdu.body);
      return;
    }
    const waiting = this.settle(apdu.invokeId);
    if (!waiting) return;
    if (apdu.type === 'simple-ack') waiting.resolve({ kind: 'simple-ack' });
    else if (apdu.type === 'complex-ack') waiting.resolve({ kind: 'complex-ack', body: apdu.body });
    else if (apdu.type === 'reject')
      waiting.resolve({ kind: 'refused', why: refusalOf(apdu), rejected: apdu.reason });
    else if (apdu.type === 'error') {
      const e = decodeError(apdu.body);
      const errorClass = e.ok ? e.value.errorClass : undefined;
      waiting.resolve({
        kind: 'refused',
        why: refusalOf(apdu),
        ...(errorClass === undefined ? {} : { errorClass }),
      });
    } else waiting.resolve({ kind: 'refused', why: refusalOf(apdu) });
  }

  /** One segment of a segmented answer: taken, acknowledged as the window asks, the whole answer at the last. */
  private segment(
    invokeId: number,
    segment: NonNullable<Extract<Apdu, { type: 'complex-ack' }>['segment']>,
    body: Uint8Array,
  ) {
    const waiting = this.waiting.get(invokeId);
    if (!waiting) return;
    waiting.segments ??= new SegmentedAnswer(MAX_SEGMENTS_ACCEPTED, this.maxApdu);
    const taken = waiting.segments.take(segment, body);
    if (taken.kind === 'overflow') {
      this.send(
        { type: 'abort', fromServer: false, invokeId, reason: AbortReason.BUFFER_OVERFLOW },
        waiting.routed,
        false,
      );
      this.settle(invokeId)?.resolve({ kind: 'refused', why: `a segmented answer with ${taken.why}` });
      return;
    }
    if (taken.ack)
      this.send({ type: 'segment-ack', fromServer: false, invokeId, ...taken.ack }, waiting.routed, false);
    if (taken.kind === 'done') {
      this.settle(invokeId)?.resolve({ kind: 'complex-ack', body: taken.body });
      return;
    }
    // The device is answering: it has `timeoutMs` again for the next segment.
    clearTimeout(waiting.timer);
    waiting.timer = this.timeout(invokeId);
  }

  /** An I-Am: the answer to the Who-Is of its instance, if one waits for it. */
  private iAm(body: Uint8Array, frame: Frame): void {
    const decoded = decodeIAm(body);
    if (!decoded.ok) return;
    const source = frame.npdu?.source;
    const routed = source ? { network: source.network, mac: Uint8Array.from(source.address) } : null;
    this.iAmWaits.found(decoded.value.device.instance, routed);
  }

  /** A COV notification: to its listener; a well-formed confirmed one acknowledged. Other requests are ignored. */
  private notification(
    apdu: Extract<Apdu, { type: 'confirmed-request' | 'unconfirmed-request' }>,
    frame: Frame,
  ): void {
    const confirmed = apdu.type === 'confirmed-request';
    if (
      confirmed
        ? apdu.service !== ConfirmedService.CONFIRMED_COV_NOTIFICATION || apdu.segment !== undefined
        : apdu.service !== UnconfirmedService.UNCONFIRMED_COV_NOTIFICATION
    )
      return;
    const decoded = decodeCovNotification(apdu.body);
    if (!decoded.ok) return;
    const n = decoded.value;
    if (confirmed) {
      const source = frame.npdu?.source;
      const from = source ? { network: source.network, mac: source.address } : null;
      this.send({ type: 'simple-ack', invokeId: apdu.invokeId, service: apdu.service }, from, false);
    }
    this.covListeners.get(covKey(n.processId, n.device.instance, n.object))?.(n);
  }

  private settle(invokeId: number): Waiting | undefined {
    const waiting = this.waiting.get(invokeId);
    if (!waiting) return undefined;
    this.waiting.delete(invokeId);
    clearTimeout(waiting.timer);
    return waiting;
  }

  private freeInvokeId(): number | null {
    for (let i = 0; i < 256; i++) {
      const id = (this.nextInvokeId + i) & 0xff;
      if (!this.waiting.has(id)) {
        this.nextInvokeId = (id + 1) & 0xff;
        return id;
      }
    }
    return null;
  }
}
