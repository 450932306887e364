// A whole BACnet/IP datagram: BVLC, then NPDU, then an APDU or a network-layer message. The router takes
// frames apart with `decodeFrame` and builds them with `encodeFrame`.
import { type Apdu, decodeApdu, encodeApdu } from './apdu.js';
import { type BipAddress, type BvlcMessage, decodeBvlc, encodeBvlc } from './bvlc.js';
import { decodeNetworkMessage, encodeNetworkMessage, type NetworkMessage } from './network-messages.js';
import { decodeNpdu, encodeNpdu, type Npdu } from './npdu.js';
import type { Decoded } from './result.js';

export type NpduHeader = Omit<Npdu, 'payload' | 'messageType' | 'vendorId'>;

export interface Frame {
  bvlc: BvlcMessage;
  /** Present when the BVLC function carries an NPDU. */
  npdu?: Npdu;
  apdu?: Apdu;
  networkMessage?: NetworkMessage;
}

export interface FrameToSend {
  bvlc: 'original-unicast' | 'original-broadcast' | 'distribute-broadcast' | { forwardedFrom: BipAddress };
  npdu: NpduHeader;
  body: { apdu: Apdu } | { networkMessage: NetworkMessage };
}

export function encodeFrame(f: FrameToSend): Buffer {
  const payload =
    'apdu' in f.body
      ? { payload: encodeApdu(f.body.apdu) }
      : (() => {
          const m = encodeNetworkMessage(f.body.networkMessage);
          return { messageType: m.messageType, vendorId: m.vendorId, payload: m.payload };
        })();
  const npdu = encodeNpdu({ ...f.npdu, ...payload });
  if (typeof f.bvlc === 'string') return encodeBvlc({ function: f.bvlc, npdu });
  return encodeBvlc({ function: 'forwarded', origin: f.bvlc.forwardedFrom, npdu });
}

/** Every layer of a datagram; the first layer that fails decides the result. */
export function decodeFrame(datagram: Uint8Array): Decoded<Frame> {
  const bvlc = decodeBvlc(datagram);
  if (!bvlc.ok) return bvlc;
  if (!('npdu' in bvlc.value)) return { ok: true, value: { bvlc: bvlc.value } };
  const npdu = decodeNpdu(bvlc.value.npdu);
  if (!npdu.ok) return npdu;
  if (npdu.value.messageType !== undefined) {
    const m = decodeNetworkMessage(npdu.value.messageType, npdu.value.payload, npdu.value.vendorId);
    if (!m.ok) return m;
    return { ok: true, value: { bvlc: bvlc.value, npdu: npdu.value, networkMessage: m.value } };
  }
  const apdu = decodeApdu(npdu.value.payload);
  if (!apdu.ok) return apdu;
  return { ok: true, value: { bvlc: bvlc.value, npdu: npdu.value, apdu: apdu.value } };
}
