// The gateway's side of the wire: one UDP socket towards one BACnet/IP address (the device, or the router its
// devices sit behind), sending confirmed requests and taking their answers by invoke id. A request goes to a
// routed device with DNET/DADR in its NPDU. No answer within `timeoutMs` rejects (the connector framework
// takes that as a lost link); an Error, Reject or Abort is an answer: the device's refusal. Answers are never
// segmented: requests say so, and the gateway keeps its batches small enough to fit one APDU.

import dgram from 'node:dgram';
import type { Transport } from '../../../connectors/link.js';
import {
  AbortReason,
  type Apdu,
  decodeError,
  decodeFrame,
  ErrorClass,
  ErrorCode,
  encodeFrame,
  type NpduHeader,
  RejectReason,
  unsegmentedRequest,
} from '../codec/index.js';

/** Where a request goes beyond the B/IP address: a device behind a router. */
export interface RoutedTo {
  network: number;
  mac: Uint8Array;
}

/**
 * What a confirmed request got: an acknowledgement (with a ComplexACK's body), or the device's refusal (with
 * the reason of a Reject).
 */
export type ClientAnswer =
  | { kind: 'simple-ack' }
  | { kind: 'complex-ack'; body: Uint8Array }
  | { kind: 'refused'; why: string; rejected?: number };

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
  resolve(answer: ClientAnswer): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

export class BacnetClient implements Transport {
  private readonly waiting = new Map<number, Waiting>();
  private nextInvokeId = 0;
  private isClosed = false;

  private constructor(
    private readonly socket: dgram.Socket,
    private readonly host: string,
    private readonly port: number,
    private readonly timeoutMs: number,
  ) {
    socket.on('message', (datagram, rinfo) => {
      if (rinfo.port === port) this.receive(datagram);
    });
    socket.on('error', () => {
      // A send to an unreachable address may report here: that request times out, as UDP's do.
    });
  }

  /** A socket on a free local port, towards `host:port` (bound to loopback only for a loopback device). */
  static async open(host: string, port: number, timeoutMs: number): Promise<BacnetClient> {
    const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
    const local = host.startsWith('127.') ? '127.0.0.1' : host === '::1' ? '::1' : undefined;
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, local, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    return new BacnetClient(socket, host, port, timeoutMs);
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** Sends a confirmed request of `service` to the device; rejects when no answer comes in time. */
  request(service: number, body: Uint8Array, routed: RoutedTo | null): Promise<ClientAnswer> {
    if (this.isClosed) return Promise.reject(new Error('the BACnet client is closed'));
    const invokeId = this.freeInvokeId();
    if (invokeId === null) return Promise.reject(new Error('no free invoke id'));
    const npdu: NpduHeader = routed
      ? {
          expectingReply: true,
          priority: 0,
          destination: { network: routed.network, address: routed.mac },
          hopCount: 255,
        }
      : { expectingReply: true, priority: 0 };
    const apdu = unsegmentedRequest(invokeId, service, body);
    const datagram = encodeFrame({ bvlc: 'original-unicast', npdu, body: { apdu } });
    return new Promise<ClientAnswer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(invokeId);
        reject(new Error(`no BACnet answer from ${this.host}:${this.port} after ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.waiting.set(invokeId, { network: routed?.network ?? null, resolve, reject, timer });
      this.socket.send(datagram, this.port, this.host, (err) => {
        if (!err) return;
        this.settle(invokeId)?.reject(err);
      });
    });
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const id of [...this.waiting.keys()]) this.settle(id)?.reject(new Error('the link is closed'));
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
    if (!('invokeId' in apdu) || apdu.type === 'confirmed-request' || apdu.type === 'segment-ack') return;
    const waiting = this.settle(apdu.invokeId);
    if (!waiting) return;
    if (apdu.type === 'simple-ack') waiting.resolve({ kind: 'simple-ack' });
    else if (apdu.type === 'complex-ack' && !apdu.segment)
      waiting.resolve({ kind: 'complex-ack', body: apdu.body });
    else if (apdu.type === 'complex-ack') waiting.resolve({ kind: 'refused', why: 'a segmented answer' });
    else if (apdu.type === 'reject')
      waiting.resolve({ kind: 'refused', why: refusalOf(apdu), rejected: apdu.reason });
    else waiting.resolve({ kind: 'refused', why: refusalOf(apdu) });
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
