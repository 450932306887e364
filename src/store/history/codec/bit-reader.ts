// Reads bit fields written by BitWriter (least significant bit first). The bytes are copied once into
// aligned words with zero words after them, so every read is at most two aligned word loads.

import { CodecError } from './codec-error.js';
import { LOW_MASK, toWords } from './words.js';

const TWO_32 = 4294967296;

export class BitReader {
  /** The input as little-endian-ordered 32-bit words, then SLACK_WORDS zero words (for fast loops). */
  readonly words: Int32Array;
  /** Next bit to read. */
  private pos = 0;
  /** Bits in the input. */
  readonly bitLength: number;

  constructor(bytes: Uint8Array) {
    this.words = toWords(bytes);
    this.bitLength = bytes.length * 8;
  }

  /** Bits read so far. */
  get position(): number {
    return this.pos;
  }

  /** Bits left to read. */
  get remaining(): number {
    return this.bitLength - this.pos;
  }

  /** Reads one bit. */
  readBit(): number {
    const p = this.pos;
    if (p >= this.bitLength) throw this.pastEnd(1);
    this.pos = p + 1;
    return ((this.words[p >>> 5] as number) >>> (p & 31)) & 1;
  }

  /** Reads an n-bit field (n = 0…32) as an unsigned number. */
  readBits(n: number): number {
    const p = this.pos;
    if (p + n > this.bitLength) throw this.pastEnd(n);
    this.pos = p + n;
    const i = p >>> 5;
    const s = p & 31;
    // Low part from this word, the rest from the next; (x << 1) << (31 - s) is x << (32 - s), 0 when s = 0.
    const w = ((this.words[i] as number) >>> s) | (((this.words[i + 1] as number) << 1) << (31 - s));
    return (w & (LOW_MASK[n] as number)) >>> 0;
  }

  /** Reads an n-bit field (n = 0…64) into `out` as its high and low 32-bit halves (both unsigned). */
  readBits64(n: number, out: { hi: number; lo: number }): void {
    if (n <= 32) {
      out.lo = this.readBits(n);
      out.hi = 0;
    } else {
      out.lo = this.readBits(32);
      out.hi = this.readBits(n - 32);
    }
  }

  /** Reads an n-bit unsigned integer (n = 0…53) as a number. */
  readUint(n: number): number {
    if (n <= 32) return this.readBits(n);
    const lo = this.readBits(32);
    return this.readBits(n - 32) * TWO_32 + lo;
  }

  /** Moves to bit `position` (at most the end), after a fast loop has read `words` directly. */
  seek(position: number): void {
    if (!(position >= 0 && position <= this.bitLength)) throw this.pastEnd(position - this.pos);
    this.pos = position;
  }

  /** Skips to the next byte boundary. */
  alignToByte(): void {
    const pad = (8 - (this.pos & 7)) & 7;
    if (pad > 0) this.readBits(pad);
  }

  private pastEnd(n: number): CodecError {
    return new CodecError(
      `chunk is truncated: needed ${n} more bit${n === 1 ? '' : 's'} at bit ${this.pos} of ${this.bitLength}`,
    );
  }
}
