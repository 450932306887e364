// A cursor over a byte window that never reads outside it: every read past the end throws a MalformedError
// (caught by `decodeSafely`), so decoders need no length checks of their own.
import { RejectReason } from './enums.js';
import { malformed } from './result.js';

export class ByteReader {
  /** Next byte to read (absolute index into `bytes`). */
  pos: number;

  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    /** One past the last readable byte. */
    readonly end = bytes.length,
  ) {
    this.pos = start;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  get atEnd(): boolean {
    return this.pos >= this.end;
  }

  /** Throws unless `n` more bytes are there. */
  need(n: number, what: string): void {
    if (n > this.end - this.pos) {
      // Running out of octets means a parameter is not there.
      const left = this.end - this.pos;
      malformed(
        `${what}: ${n} bytes needed, ${left} left`,
        this.pos,
        RejectReason.MISSING_REQUIRED_PARAMETER,
      );
    }
  }

  peek(): number {
    this.need(1, 'byte');
    return this.bytes[this.pos] as number;
  }

  u8(): number {
    this.need(1, 'byte');
    return this.bytes[this.pos++] as number;
  }

  u16(): number {
    this.need(2, '16-bit number');
    const b = this.bytes;
    const v = ((b[this.pos] as number) << 8) | (b[this.pos + 1] as number);
    this.pos += 2;
    return v;
  }

  /** Big-endian unsigned integer of 1 to 4 bytes. */
  uint(length: number): number {
    this.need(length, 'unsigned number');
    let v = 0;
    for (let i = 0; i < length; i++) v = v * 256 + (this.bytes[this.pos++] as number);
    return v;
  }

  /** A view (not a copy) of the next `n` bytes (a plain Uint8Array: a Buffer's subarray costs more). */
  view(n: number): Uint8Array {
    this.need(n, 'bytes');
    const out = new Uint8Array(this.bytes.buffer, this.bytes.byteOffset + this.pos, n);
    this.pos += n;
    return out;
  }

  /** A copy of the next `n` bytes (for values kept after the frame's buffer is reused). */
  copy(n: number): Uint8Array {
    return Uint8Array.from(this.view(n));
  }

  /** The rest of the window, as a view. */
  rest(): Uint8Array {
    return this.view(this.remaining);
  }
}
