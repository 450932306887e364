// A growable big-endian byte writer: encoders append to it and take the bytes at the end.

/** Shared scratch space for float conversions (one writer or reader at a time: JavaScript is single-threaded). */
const scratch = new DataView(new ArrayBuffer(8));
const scratchBytes = new Uint8Array(scratch.buffer);

export class ByteWriter {
  private buf: Uint8Array;
  length = 0;

  constructor(capacity = 64) {
    this.buf = new Uint8Array(capacity);
  }

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  u8(v: number): this {
    this.room(1);
    this.buf[this.length++] = v & 0xff;
    return this;
  }

  u16(v: number): this {
    this.room(2);
    this.buf[this.length++] = (v >>> 8) & 0xff;
    this.buf[this.length++] = v & 0xff;
    return this;
  }

  u32(v: number): this {
    return this.uint(v, 4);
  }

  /** Big-endian unsigned integer in `n` octets (1–4). */
  uint(v: number, n: number): this {
    this.room(n);
    for (let i = n - 1; i >= 0; i--) this.buf[this.length++] = (v >>> (8 * i)) & 0xff;
    return this;
  }

  f32(v: number): this {
    scratch.setFloat32(0, v);
    return this.scratch(4);
  }

  f64(v: number): this {
    scratch.setFloat64(0, v);
    return this.scratch(8);
  }

  /** The first `n` octets of the float scratch space. */
  private scratch(n: number): this {
    this.room(n);
    for (let i = 0; i < n; i++) this.buf[this.length++] = scratchBytes[i] as number;
    return this;
  }

  bytes(b: Uint8Array): this {
    this.room(b.length);
    // A few octets (a tag, a kept encoding) go faster one by one than through set().
    if (b.length <= 16) for (let i = 0; i < b.length; i++) this.buf[this.length++] = b[i] as number;
    else {
      this.buf.set(b, this.length);
      this.length += b.length;
    }
    return this;
  }

  /** Drops what was written after the first `length` octets (a value that failed half-way through). */
  rewind(length: number): this {
    if (!Number.isInteger(length) || length < 0 || length > this.length)
      throw new RangeError(`cannot rewind ${this.length} octets to ${length}`);
    this.length = length;
    return this;
  }

  /** The bytes written, as a Buffer of their own. */
  toBuffer(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.length));
  }
}

/** The float in the 4 (REAL) or 8 (Double) big-endian octets given. */
export function floatOf(octets: Uint8Array): number {
  scratchBytes.set(octets);
  return octets.length === 4 ? scratch.getFloat32(0) : scratch.getFloat64(0);
}
