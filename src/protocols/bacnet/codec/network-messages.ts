// Network-layer message bodies (ASHRAE 135 clause 6.4): the messages a router exchanges. Types this codec
// does not model (connection, security, proprietary) stay raw.
import { ByteReader } from './byte-reader.js';
import { ByteWriter } from './byte-writer.js';
import { type Decoded, decodeSafely, malformed } from './result.js';

export const NetworkMessageType = {
  WHO_IS_ROUTER_TO_NETWORK: 0x00,
  I_AM_ROUTER_TO_NETWORK: 0x01,
  I_COULD_BE_ROUTER_TO_NETWORK: 0x02,
  REJECT_MESSAGE_TO_NETWORK: 0x03,
  ROUTER_BUSY_TO_NETWORK: 0x04,
  ROUTER_AVAILABLE_TO_NETWORK: 0x05,
  INITIALIZE_ROUTING_TABLE: 0x06,
  INITIALIZE_ROUTING_TABLE_ACK: 0x07,
  ESTABLISH_CONNECTION_TO_NETWORK: 0x08,
  DISCONNECT_CONNECTION_TO_NETWORK: 0x09,
  WHAT_IS_NETWORK_NUMBER: 0x12,
  NETWORK_NUMBER_IS: 0x13,
} as const;

/** Reject-Message-To-Network reasons (clause 6.4.4). */
export const RejectMessageReason = {
  OTHER: 0,
  NOT_DIRECTLY_CONNECTED: 1,
  ROUTER_BUSY: 2,
  UNKNOWN_MESSAGE_TYPE: 3,
  MESSAGE_TOO_LONG: 4,
  SECURITY_ERROR: 5,
  ADDRESSING_ERROR: 6,
} as const;

export interface RoutingTableEntry {
  network: number;
  portId: number;
  portInfo: Uint8Array;
}

export type NetworkMessage =
  | { type: 'who-is-router-to-network'; network?: number }
  | {
      type: 'i-am-router-to-network' | 'router-busy-to-network' | 'router-available-to-network';
      networks: number[];
    }
  | { type: 'i-could-be-router-to-network'; network: number; performanceIndex: number }
  | { type: 'reject-message-to-network'; reason: number; network: number }
  | { type: 'initialize-routing-table' | 'initialize-routing-table-ack'; entries: RoutingTableEntry[] }
  | { type: 'what-is-network-number' }
  | { type: 'network-number-is'; network: number; configured: boolean }
  /** Any other type (proprietary 0x80–0xFF with its vendor id), body kept raw. */
  | { type: 'other'; messageType: number; vendorId?: number; body: Uint8Array };

const NETWORK_LISTS = {
  'i-am-router-to-network': NetworkMessageType.I_AM_ROUTER_TO_NETWORK,
  'router-busy-to-network': NetworkMessageType.ROUTER_BUSY_TO_NETWORK,
  'router-available-to-network': NetworkMessageType.ROUTER_AVAILABLE_TO_NETWORK,
} as const;

/** The message type and body for an NPDU (see `encodeNpdu`'s messageType, vendorId and payload). */
export function encodeNetworkMessage(m: NetworkMessage): {
  messageType: number;
  vendorId?: number;
  payload: Buffer;
} {
  const w = new ByteWriter(16);
  switch (m.type) {
    case 'who-is-router-to-network':
      if (m.network !== undefined) w.u16(m.network);
      return { messageType: NetworkMessageType.WHO_IS_ROUTER_TO_NETWORK, payload: w.toBuffer() };
    case 'i-am-router-to-network':
    case 'router-busy-to-network':
    case 'router-available-to-network':
      for (const n of m.networks) w.u16(n);
      return { messageType: NETWORK_LISTS[m.type], payload: w.toBuffer() };
    case 'i-could-be-router-to-network':
      w.u16(m.network).u8(m.performanceIndex);
      return { messageType: NetworkMessageType.I_COULD_BE_ROUTER_TO_NETWORK, payload: w.toBuffer() };
    case 'reject-message-to-network':
      w.u8(m.reason).u16(m.network);
      return { messageType: NetworkMessageType.REJECT_MESSAGE_TO_NETWORK, payload: w.toBuffer() };
    case 'initialize-routing-table':
    case 'initialize-routing-table-ack':
      w.u8(m.entries.length);
      for (const e of m.entries) w.u16(e.network).u8(e.portId).u8(e.portInfo.length).bytes(e.portInfo);
      return {
        messageType:
          m.type === 'initialize-routing-table'
            ? NetworkMessageType.INITIALIZE_ROUTING_TABLE
            : NetworkMessageType.INITIALIZE_ROUTING_TABLE_ACK,
        payload: w.toBuffer(),
      };
    case 'what-is-network-number':
      return { messageType: NetworkMessageType.WHAT_IS_NETWORK_NUMBER, payload: w.toBuffer() };
    case 'network-number-is':
      w.u16(m.network).u8(m.configured ? 1 : 0);
      return { messageType: NetworkMessageType.NETWORK_NUMBER_IS, payload: w.toBuffer() };
    case 'other':
      return { messageType: m.messageType, vendorId: m.vendorId, payload: Buffer.from(m.body) };
  }
}

function networkList(r: ByteReader): number[] {
  if (r.remaining % 2 !== 0) malformed('odd number of octets in a list of networks', r.pos);
  const out: number[] = [];
  while (!r.atEnd) out.push(r.u16());
  return out;
}

function end(r: ByteReader, what: string): void {
  if (!r.atEnd) malformed(`${what}: ${r.remaining} octets too many`, r.pos);
}

/** Decodes the body of a network-layer message of `messageType`. */
export function decodeNetworkMessage(
  messageType: number,
  body: Uint8Array,
  vendorId?: number,
): Decoded<NetworkMessage> {
  return decodeSafely((): NetworkMessage => {
    const r = new ByteReader(body);
    switch (messageType) {
      case NetworkMessageType.WHO_IS_ROUTER_TO_NETWORK: {
        if (r.atEnd) return { type: 'who-is-router-to-network' };
        const network = r.u16();
        end(r, 'Who-Is-Router-To-Network');
        return { type: 'who-is-router-to-network', network };
      }
      case NetworkMessageType.I_AM_ROUTER_TO_NETWORK:
        return { type: 'i-am-router-to-network', networks: networkList(r) };
      case NetworkMessageType.ROUTER_BUSY_TO_NETWORK:
        return { type: 'router-busy-to-network', networks: networkList(r) };
      case NetworkMessageType.ROUTER_AVAILABLE_TO_NETWORK:
        return { type: 'router-available-to-network', networks: networkList(r) };
      case NetworkMessageType.I_COULD_BE_ROUTER_TO_NETWORK: {
        const m = {
          type: 'i-could-be-router-to-network' as const,
          network: r.u16(),
          performanceIndex: r.u8(),
        };
        end(r, 'I-Could-Be-Router-To-Network');
        return m;
      }
      case NetworkMessageType.REJECT_MESSAGE_TO_NETWORK: {
        const m = { type: 'reject-message-to-network' as const, reason: r.u8(), network: r.u16() };
        end(r, 'Reject-Message-To-Network');
        return m;
      }
      case NetworkMessageType.INITIALIZE_ROUTING_TABLE:
      case NetworkMessageType.INITIALIZE_ROUTING_TABLE_ACK: {
        const count = r.u8();
        const entries: RoutingTableEntry[] = [];
        for (let i = 0; i < count; i++)
          entries.push({ network: r.u16(), portId: r.u8(), portInfo: r.copy(r.u8()) });
        end(r, 'Initialize-Routing-Table');
        return {
          type:
            messageType === NetworkMessageType.INITIALIZE_ROUTING_TABLE
              ? 'initialize-routing-table'
              : 'initialize-routing-table-ack',
          entries,
        };
      }
      case NetworkMessageType.WHAT_IS_NETWORK_NUMBER:
        end(r, 'What-Is-Network-Number');
        return { type: 'what-is-network-number' };
      case NetworkMessageType.NETWORK_NUMBER_IS: {
        const network = r.u16();
        const flag = r.u8();
        if (flag > 1) malformed(`Network-Number-Is flag ${flag}`, 2);
        end(r, 'Network-Number-Is');
        return { type: 'network-number-is', network, configured: flag === 1 };
      }
      default:
        return { type: 'other', messageType, vendorId, body: Uint8Array.from(body) };
    }
  });
}
