// Pointyard as a BACnet router (ASHRAE 135 clause 6): the parking server's device (the device whose profile
// holds the System Enable, else the first) answers on the IP network itself; every other device sits on a
// virtual network (`network`) behind the router, its MAC address the 4 octets of its device instance, most
// significant first. A request with DNET = that network and DADR = a device's MAC reaches that device; DNET
// 0xFFFF (global) or the virtual network with an empty DADR reaches every device behind it (the global one
// the IP device too); answers from a device behind the router carry SNET/SADR. Who-Is is answered here,
// for every device it names, from `application.devices()`; the other services go to the application.
// Answers go to the station that asked, except those to a broadcast the BBMD forwarded while Pointyard is
// its foreign device (I-Am, I-Have, I-Am-Router-To-Network): they are broadcast back through the BBMD.

import type {
  BacnetApplication,
  BacnetDevice,
  BacnetOutbound,
  BacnetPeer,
  UnconfirmedAnswer,
} from './application.js';
import {
  type Apdu,
  type BipAddress,
  DEFAULT_HOP_COUNT,
  decodeUnconfirmedRequest,
  encodeFrame,
  encodeIAm,
  type FrameToSend,
  GLOBAL_NETWORK,
  type NetworkAddress,
  type NetworkMessage,
  ObjectType,
  RejectMessageReason,
  UnconfirmedService,
  whoIsMatches,
} from './codec/index.js';
import type { ClientTransactions, ServerTransactions } from './transactions.js';
import type { Received } from './udp-endpoint.js';

export interface RouterOptions {
  /** The virtual network's number. */
  readonly network: number;
  /** The IP side's number (Network-Number-Is). */
  readonly ipNetwork: number;
  /** The site device id that answers on the IP network; null or unknown: the first device. */
  readonly ipDeviceId: string | null;
}

/** How the router puts frames on the IP network. */
export interface RouterLink {
  /** Sends a datagram to one station. */
  send(datagram: Uint8Array, to: BipAddress): void;
  /**
   * Broadcasts a frame on the IP network: Original-Broadcast-NPDU to the broadcast address, or
   * Distribute-Broadcast-To-Network to the BBMD while registered with one as a foreign device.
   */
  broadcast(frame: Omit<FrameToSend, 'bvlc'>): void;
  /** Whether a Forwarded-NPDU from `from` is a broadcast to answer with a broadcast through the BBMD. */
  answersThroughBbmd(from: BipAddress): boolean;
}

/** The MAC address of a device behind the router: its instance in 4 octets, most significant first. */
export function macOf(instance: number): Uint8Array {
  return Uint8Array.of(instance >>> 24, (instance >>> 16) & 0xff, (instance >>> 8) & 0xff, instance & 0xff);
}

/** A B/IP address as the application's peers carry it: `address:port`. */
export function bipText(a: BipAddress): string {
  return `${a.address}:${a.port}`;
}

function bipOf(text: string): BipAddress {
  const at = text.lastIndexOf(':');
  return { address: text.slice(0, at), port: Number(text.slice(at + 1)) };
}

/**
 * Where an answer goes: the B/IP address, and the remote station when the request came through a router;
 * `broadcast`: as a broadcast on the IP network instead (the request was a broadcast the BBMD forwarded).
 */
interface ReplyPath {
  readonly to: BipAddress;
  readonly remote: NetworkAddress | undefined;
  readonly broadcast?: boolean;
}

/** The devices of one `devices()` list, by their place on the networks. */
interface DeviceTable {
  readonly list: readonly BacnetDevice[];
  readonly ip: BacnetDevice | undefined;
  /** Every device behind the router, by MAC (hex). */
  readonly routed: ReadonlyMap<string, BacnetDevice>;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

export class BacnetRouter {
  private table: DeviceTable | null = null;

  constructor(
    private readonly application: BacnetApplication,
    private readonly server: ServerTransactions,
    private readonly client: ClientTransactions,
    private readonly link: RouterLink,
    private readonly options: RouterOptions,
  ) {}

  /** Broadcasts I-Am-Router-To-Network for the virtual network (at start, and once registered with a BBMD). */
  announce(): void {
    this.link.broadcast({
      npdu: { expectingReply: false, priority: 0 },
      body: { networkMessage: { type: 'i-am-router-to-network', networks: [this.options.network] } },
    });
  }

  /** One decoded datagram. */
  receive(r: Received): void {
    const { npdu } = r.frame;
    const throughBbmd = r.frame.bvlc.function === 'forwarded' && this.link.answersThroughBbmd(r.from);
    const path: ReplyPath = { to: r.replyTo, remote: npdu.source, broadcast: throughBbmd };
    const peer: BacnetPeer = {
      address: bipText(r.replyTo),
      routedFrom: npdu.source ? { network: npdu.source.network, mac: npdu.source.address } : null,
    };
    const table = this.devices();
    const dest = npdu.destination;
    let targets: readonly BacnetDevice[];
    let directed = false;
    if (!dest || dest.network === this.options.ipNetwork) {
      if (r.frame.networkMessage) {
        this.networkMessage(r.frame.networkMessage, path);
        return;
      }
      targets = table.ip ? [table.ip] : [];
      directed = !r.broadcast;
    } else {
      // A router passes a message on only while its hop count lasts: a global broadcast with none left
      // reaches the IP network's device only, as every station of the IP network gets it. A message for the
      // virtual network is delivered whatever its hop count: its devices live in this router, nothing is
      // passed on to another link (and @bacnet-js/client sends its SubscribeCOV with a hop count of 0).
      const spent = (npdu.hopCount ?? 0) === 0;
      if (dest.network === GLOBAL_NETWORK) {
        if (r.frame.networkMessage) {
          this.networkMessage(r.frame.networkMessage, path);
          return;
        }
        targets = spent ? (table.ip ? [table.ip] : []) : table.list;
      } else if (dest.network === this.options.network) {
        if (r.frame.networkMessage) return; // devices behind the router take no network messages
        if (dest.address.length === 0) targets = [...table.routed.values()];
        else {
          const device = table.routed.get(hex(dest.address));
          if (!device) return;
          targets = [device];
          directed = true;
        }
      } else {
        const reject: NetworkMessage = {
          type: 'reject-message-to-network',
          reason: RejectMessageReason.NOT_DIRECTLY_CONNECTED,
          network: dest.network,
        };
        this.sendNetworkMessage(reject, { to: path.to, remote: path.remote });
        return;
      }
    }
    const apdu = r.frame.apdu;
    if (!apdu) return;
    for (const device of targets) this.deliver(device, apdu, peer, path, directed, table);
  }

  /** One APDU for one device. */
  private deliver(
    device: BacnetDevice,
    apdu: Apdu,
    peer: BacnetPeer,
    path: ReplyPath,
    directed: boolean,
    table: DeviceTable,
  ): void {
    const reply = (a: Apdu) => this.sendApdu(device, a, path, table);
    switch (apdu.type) {
      case 'unconfirmed-request': {
        const decoded = decodeUnconfirmedRequest(apdu.service, apdu.body);
        if (!decoded?.ok) return;
        if (decoded.value.service === 'who-is') {
          if (whoIsMatches(decoded.value.request, device.instance)) reply(iAmOf(device));
          return;
        }
        for (const answer of this.application.unconfirmed(device, decoded.value, peer))
          reply(unconfirmedApdu(answer));
        return;
      }
      case 'confirmed-request':
        // A confirmed request is for one device: one sent to many is not answered.
        if (directed) this.server.request(device, apdu, peer, reply);
        return;
      case 'segment-ack':
        if (directed && !apdu.fromServer) this.server.segmentAck(device, apdu, peer);
        return;
      case 'abort':
        if (!directed) return;
        if (apdu.fromServer) this.client.answer(peer, apdu);
        else this.server.abort(device, apdu.invokeId, peer);
        return;
      default:
        if (directed) this.client.answer(peer, apdu);
        return;
    }
  }

  /** A network-layer message to the router itself. */
  private networkMessage(m: NetworkMessage, path: ReplyPath): void {
    switch (m.type) {
      case 'who-is-router-to-network':
        if (m.network === undefined || m.network === this.options.network)
          this.sendNetworkMessage({ type: 'i-am-router-to-network', networks: [this.options.network] }, path);
        return;
      case 'what-is-network-number':
        // Never routed (clause 6.4.19): asked by a station of the IP network itself.
        if (!path.remote)
          this.sendNetworkMessage(
            { type: 'network-number-is', network: this.options.ipNetwork, configured: true },
            { to: path.to, remote: undefined },
          );
        return;
      default:
        return;
    }
  }

  /** Sends an APDU from `device` (with SNET/SADR when it is behind the router). */
  sendApdu(device: BacnetDevice, apdu: Apdu, path: ReplyPath, table = this.devices()): void {
    const routed = device !== table.ip;
    this.emit(
      {
        npdu: {
          expectingReply: apdu.type === 'confirmed-request',
          priority: 0,
          ...(routed ? { source: { network: this.options.network, address: macOf(device.instance) } } : {}),
          ...(path.remote ? { destination: path.remote, hopCount: DEFAULT_HOP_COUNT } : {}),
        },
        body: { apdu },
      },
      path,
    );
  }

  private sendNetworkMessage(m: NetworkMessage, path: ReplyPath): void {
    this.emit(
      {
        npdu: {
          expectingReply: false,
          priority: 0,
          ...(path.remote ? { destination: path.remote, hopCount: DEFAULT_HOP_COUNT } : {}),
        },
        body: { networkMessage: m },
      },
      path,
    );
  }

  /** A frame to the station of `path`, or broadcast when `path` says so. */
  private emit(frame: Omit<FrameToSend, 'bvlc'>, path: ReplyPath): void {
    if (path.broadcast) this.link.broadcast(frame);
    else this.link.send(encodeFrame({ bvlc: 'original-unicast', ...frame }), path.to);
  }

  /** The device table, built again only when `devices()` answers another list. */
  private devices(): DeviceTable {
    const list = this.application.devices();
    if (this.table?.list === list) return this.table;
    const ip = list.find((d) => d.id === this.options.ipDeviceId) ?? list[0];
    const routed = new Map<string, BacnetDevice>();
    for (const d of list) if (d !== ip) routed.set(hex(macOf(d.instance)), d);
    this.table = { list, ip, routed };
    return this.table;
  }

  /** For the outbound port: sends from a device to a peer. */
  sendTo(from: BacnetDevice, to: BacnetPeer, apdu: Apdu): void {
    const remote = to.routedFrom ? { network: to.routedFrom.network, address: to.routedFrom.mac } : undefined;
    this.sendApdu(from, apdu, { to: bipOf(to.address), remote });
  }
}

function iAmOf(device: BacnetDevice): Apdu {
  const body = encodeIAm({
    device: { type: ObjectType.DEVICE, instance: device.instance },
    maxApduLength: device.maxApdu,
    segmentation: device.segmentation,
    vendorId: device.vendorId,
  });
  return { type: 'unconfirmed-request', service: UnconfirmedService.I_AM, body };
}

function unconfirmedApdu(answer: UnconfirmedAnswer): Apdu {
  return { type: 'unconfirmed-request', service: answer.service, body: answer.body };
}

/**
 * The port the application sends its own requests through; `sendTo` is the router's (late-bound: the
 * application is built with this port before the router that needs the application).
 */
export function outboundOf(
  sendTo: (from: BacnetDevice, to: BacnetPeer, apdu: Apdu) => void,
  client: ClientTransactions,
): BacnetOutbound {
  return {
    unconfirmed(from, to, request) {
      sendTo(from, to, unconfirmedApdu(request));
    },
    confirmed(from, to, service, body) {
      return client.confirmed(to, service, body, (apdu) => sendTo(from, to, apdu));
    },
  };
}
