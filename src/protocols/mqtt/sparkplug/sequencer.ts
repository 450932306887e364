// The message sequence number (specification 3.0, section 5.3 "seq"): 0 on the NBIRTH, then one more on
// every message of the node (DBIRTH, DDATA, DDEATH), 255 wrapping to 0. It is assigned as the message goes
// out (the link's finalizer), so the numbers follow the order the broker receives them in, backlog included.
// A DDATA replayed from the backlog carries its metrics marked is_historical, with their original timestamps.

import type { Outgoing } from '../link/outgoing.js';
import { decodePayload, encodePayload, withSeq } from './payload.js';
import { messageTypeOf } from './topics.js';

/** Marks every metric of an encoded payload historical. */
export function markHistorical(payload: Buffer): Buffer {
  const decoded = decodePayload(payload);
  for (const metric of decoded.metrics ?? []) metric.isHistorical = true;
  return encodePayload({ ...decoded, metrics: decoded.metrics ?? [] });
}

export class Sequencer {
  private nextSeq = 0;
  /** Messages numbered since the start. */
  numbered = 0;

  /** The number the next message gets. */
  get next(): number {
    return this.nextSeq;
  }

  finalize(message: Outgoing, replayed: boolean): Outgoing {
    const type = messageTypeOf(message.topic);
    if (type === 'NBIRTH') this.nextSeq = 0;
    let payload = message.payload;
    if (replayed && type === 'DDATA') {
      try {
        payload = markHistorical(payload);
      } catch {
        // not a payload we can read (written by another version): sent as it was kept
      }
    }
    const seq = this.nextSeq;
    this.nextSeq = (seq + 1) % 256;
    this.numbered++;
    return { ...message, payload: withSeq(payload, seq) };
  }
}
