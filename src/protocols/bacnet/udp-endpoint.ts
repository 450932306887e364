// The BACnet/IP data link: one IPv4 UDP socket bound to host:port. Each datagram is taken apart with the
// codec (BVLC, NPDU, APDU or network message); one that does not decode is dropped and counted, never
// thrown. A Forwarded-NPDU is answered at the B/IP address it carries (its original source, Annex J.4.5).
// BBMD messages get the NAK Annex J names (Pointyard is not a BBMD); a BVLC-Result (the answer of a BBMD
// Pointyard registers with as a foreign device) goes to `onResult`.

import dgram from 'node:dgram';
import { networkInterfaces } from 'node:os';
import { type BipAddress, decodeFrame, encodeBvlc, type Frame, nakFor } from './codec/index.js';

/** A decoded datagram and where its answers go. */
export interface Received {
  readonly frame: Frame & { npdu: NonNullable<Frame['npdu']> };
  /** The B/IP address answers go to: the datagram's sender, or a Forwarded-NPDU's original source. */
  readonly replyTo: BipAddress;
  /** The datagram's sender (a BBMD, for a Forwarded-NPDU). */
  readonly from: BipAddress;
  /** Sent as a broadcast on the IP network (Original-Broadcast or Forwarded-NPDU). */
  readonly broadcast: boolean;
}

export interface EndpointCounters {
  received: number;
  /** Datagrams that did not decode, carried no NPDU and needed no answer, or failed while answered. */
  dropped: number;
  sent: number;
}

export class UdpEndpoint {
  readonly counters: EndpointCounters = { received: 0, dropped: 0, sent: 0 };
  private closed = false;

  private constructor(
    private readonly socket: dgram.Socket,
    /** Where a broadcast on the IP network is sent. */
    readonly broadcastAddress: BipAddress,
  ) {}

  /** Binds host:port (0: a free port) and hands each decoded datagram to `onFrame`. */
  static async bind(
    host: string,
    port: number,
    onFrame: (received: Received) => void,
    options: {
      broadcast?: string | null;
      onDrop?: (from: BipAddress, why: string) => void;
      /** A BVLC-Result's code and sender; without it a BVLC-Result is dropped. */
      onResult?: (code: number, from: BipAddress) => void;
    } = {},
  ): Promise<UdpEndpoint> {
    const socket = dgram.createSocket({ type: 'udp4', reuseAddr: false });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    socket.setBroadcast(true);
    const bound = socket.address().port;
    const endpoint = new UdpEndpoint(socket, {
      address: options.broadcast ?? broadcastAddressOf(host),
      port: bound,
    });
    socket.on('error', () => {
      // A send to an unreachable address reports here on some systems: the datagram is lost, as UDP's are.
    });
    socket.on('message', (datagram, rinfo) => {
      const from = { address: rinfo.address, port: rinfo.port };
      const why = endpoint.receive(datagram, from, onFrame, options.onResult);
      if (why !== null) {
        endpoint.counters.dropped++;
        options.onDrop?.(from, why);
      }
    });
    return endpoint;
  }

  /** The bound address and port. */
  get address(): BipAddress {
    const a = this.socket.address();
    return { address: a.address, port: a.port };
  }

  /** Takes one datagram apart; answers why it was dropped, or null. */
  private receive(
    datagram: Buffer,
    from: BipAddress,
    onFrame: (r: Received) => void,
    onResult: ((code: number, from: BipAddress) => void) | undefined,
  ): string | null {
    this.counters.received++;
    const decoded = decodeFrame(datagram);
    if (!decoded.ok) return `${decoded.reason}: ${decoded.error}`;
    const frame = decoded.value;
    const nak = nakFor(frame.bvlc);
    if (nak !== null) {
      this.send(encodeBvlc({ function: 'result', code: nak }), from);
      return null;
    }
    if (frame.bvlc.function === 'result' && onResult) {
      onResult(frame.bvlc.code, from);
      return null;
    }
    if (!frame.npdu) return `BVLC ${frame.bvlc.function} carries no NPDU`;
    const replyTo = frame.bvlc.function === 'forwarded' ? frame.bvlc.origin : from;
    const broadcast = frame.bvlc.function !== 'original-unicast';
    try {
      onFrame({ frame: frame as Received['frame'], replyTo, from, broadcast });
    } catch (err) {
      // A fault while answering costs this datagram only, never the server.
      return `not answered: ${err instanceof Error ? err.message : String(err)}`;
    }
    return null;
  }

  /** Sends one datagram; nothing once closed. */
  send(datagram: Uint8Array, to: BipAddress): void {
    if (this.closed) return;
    try {
      this.socket.send(datagram, to.port, to.address);
      this.counters.sent++;
    } catch {
      // An address or port no datagram can go to (a peer the application made up): lost, as UDP's are.
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await new Promise<void>((resolve) => this.socket.close(() => resolve()));
  }
}

/**
 * The broadcast address of the IPv4 network `host` is on: 255.255.255.255 for 0.0.0.0, the directed
 * broadcast of its interface's netmask otherwise, 255.255.255.255 when no interface has it.
 */
export function broadcastAddressOf(host: string): string {
  if (host === '0.0.0.0') return '255.255.255.255';
  for (const list of Object.values(networkInterfaces())) {
    for (const i of list ?? []) {
      if (i.family !== 'IPv4' || i.address !== host) continue;
      const ip = host.split('.').map(Number);
      const mask = i.netmask.split('.').map(Number);
      return ip.map((octet, k) => (octet & (mask[k] ?? 0)) | (~(mask[k] ?? 0) & 0xff)).join('.');
    }
  }
  if (host.startsWith('127.')) return '127.255.255.255';
  return '255.255.255.255';
}
