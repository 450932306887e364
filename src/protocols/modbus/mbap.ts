// Modbus TCP framing: the 7-byte MBAP header (transaction id, protocol id 0, length, unit id) before each
// PDU. The decoder takes the stream as it arrives (a frame in pieces, many frames in one chunk) and says
// when the stream is garbage, so that the connection can be closed: there is no way to find the next frame.

export const MBAP_HEADER_LENGTH = 7;
/** Largest PDU: function code + 252 bytes of data. */
export const MAX_PDU_LENGTH = 253;
/** MBAP length counts the unit id and the PDU: at least the unit id and a function code. */
const MIN_LENGTH_FIELD = 2;
const MAX_LENGTH_FIELD = MAX_PDU_LENGTH + 1;

export interface Frame {
  transactionId: number;
  unitId: number;
  /** Function code and data; a view of the received bytes, valid as long as the caller keeps it. */
  pdu: Buffer;
}

/** One frame: header then PDU. */
export function encodeFrame(transactionId: number, unitId: number, pdu: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(MBAP_HEADER_LENGTH + pdu.length);
  putFrame(out, 0, transactionId, unitId, pdu);
  return out;
}

/** Several frames one after the other in one buffer (answers sent together): each header then its PDU. */
export function encodeFrames(frames: readonly Frame[]): Buffer {
  let size = 0;
  for (const frame of frames) size += MBAP_HEADER_LENGTH + frame.pdu.length;
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const frame of frames) at = putFrame(out, at, frame.transactionId, frame.unitId, frame.pdu);
  return out;
}

/** Writes one frame into `out` from `at` (byte by byte: it runs for every answer); returns where it ends. */
function putFrame(out: Buffer, at: number, transactionId: number, unitId: number, pdu: Uint8Array): number {
  const length = pdu.length + 1;
  out[at] = (transactionId >>> 8) & 0xff;
  out[at + 1] = transactionId & 0xff;
  out[at + 2] = 0;
  out[at + 3] = 0;
  out[at + 4] = length >>> 8;
  out[at + 5] = length & 0xff;
  out[at + 6] = unitId & 0xff;
  out.set(pdu, at + MBAP_HEADER_LENGTH);
  return at + MBAP_HEADER_LENGTH + pdu.length;
}

/** Big-endian 16-bit word at `at` (the caller knows both bytes are there). */
function word(buf: Buffer, at: number): number {
  return ((buf[at] as number) << 8) | (buf[at + 1] as number);
}

/** Why the bytes at the start of `buf` cannot begin a frame, or null (also when too few bytes to tell). */
function headerProblem(buf: Buffer, at: number, available: number): string | null {
  if (available >= 4) {
    const protocol = word(buf, at + 2);
    if (protocol !== 0) return `protocol id ${protocol} is not Modbus (0)`;
  }
  if (available >= 6) {
    const length = word(buf, at + 4);
    if (length < MIN_LENGTH_FIELD || length > MAX_LENGTH_FIELD)
      return `MBAP length ${length} is outside ${MIN_LENGTH_FIELD}–${MAX_LENGTH_FIELD}`;
  }
  return null;
}

/** Splits a TCP stream into frames; holds at most one partial frame (≤ 260 bytes) between chunks. */
export class FrameDecoder {
  private rest: Buffer | null = null;
  private broken: string | null = null;

  /**
   * Calls `onFrame` for every whole frame in `chunk` (after what was left from earlier chunks). Returns
   * null, or why the stream is not Modbus TCP; frames before the garbage are still delivered, none after.
   */
  push(chunk: Buffer, onFrame: (frame: Frame) => void): string | null {
    if (this.broken) return this.broken;
    const buf = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
    this.rest = null;
    let at = 0;
    while (at < buf.length) {
      const available = buf.length - at;
      const problem = headerProblem(buf, at, available);
      if (problem) {
        this.broken = problem;
        return problem;
      }
      if (available < MBAP_HEADER_LENGTH) break;
      const size = 6 + word(buf, at + 4);
      if (available < size) break;
      onFrame({
        transactionId: word(buf, at),
        unitId: buf[at + 6] as number,
        pdu: buf.subarray(at + MBAP_HEADER_LENGTH, at + size),
      });
      at += size;
    }
    // A copy, so that a big chunk is not kept alive for its last few bytes.
    if (at < buf.length) this.rest = Buffer.from(buf.subarray(at));
    return null;
  }

  /** Bytes held from an incomplete frame. */
  get pending(): number {
    return this.rest?.length ?? 0;
  }
}
