// Writes bit fields into a growable buffer, least significant bit first: stream bit k is bit (k mod 8) of
// byte (k div 8), and an n-bit field puts its low bit first. Whole bytes at byte boundaries therefore land
// as plain bytes, and multi-byte fields written low half first read back as little-endian integers.

import { CodecError } from './codec-error.js';
import { LITTLE_ENDIAN, LOW_MASK, swapWords } from './words.js';

const TWO_32 = 4294967296;

export class BitWriter {
  /** Finished 32-bit words (little-endian bit order within each), grown by doubling. */
  private words: Int32Array;
  /** How many entries of `words` are finished. */
  private index = 0;
  /** Bits not yet in a finished word, low bits first. */
  private acc = 0;
  /** How many bits of `acc` are in use (0…31). */
  private fill = 0;

  constructor(initialBytes = 256) {
    this.words = new Int32Array(Math.max(2, Math.ceil(initialBytes / 4)));
  }

  /** Bits written so far. */
  get bitLength(): number {
    return this.index * 32 + this.fill;
  }

  /** Writes the low bit of `bit`. */
  writeBit(bit: number): void {
    this.acc |= (bit & 1) << this.fill;
    if (++this.fill === 32) {
      this.push(this.acc);
      this.acc = 0;
      this.fill = 0;
    }
  }

  /** Writes the low `n` bits of `value` (n = 0…32); higher bits of `value` are ignored. */
  writeBits(value: number, n: number): void {
    const v = value & (LOW_MASK[n] as number);
    const old = this.fill;
    this.acc |= v << old;
    const fill = old + n;
    if (fill < 32) {
      this.fill = fill;
      return;
    }
    this.push(this.acc);
    this.fill = fill - 32;
    // The bits of v that did not fit: v >>> (32 - old), written as two shifts so old = 0 gives 0.
    this.acc = (v >>> 1) >>> (31 - old);
  }

  /** Writes an n-bit field (n = 0…64) given as its high and low 32-bit halves. */
  writeBits64(hi: number, lo: number, n: number): void {
    if (n <= 32) this.writeBits(lo, n);
    else {
      this.writeBits(lo, 32);
      this.writeBits(hi, n - 32);
    }
  }

  /** Writes a non-negative integer below 2^n as an n-bit field (n = 0…53). */
  writeUint(value: number, n: number): void {
    if (!(Number.isSafeInteger(value) && value >= 0 && n <= 53 && (n === 53 || value < 2 ** n)))
      throw new CodecError(`cannot write ${value} as a ${n}-bit unsigned field`);
    this.writeBits64(Math.floor(value / TWO_32), value >>> 0, n);
  }

  /** Writes zero bits up to the next byte boundary. */
  alignToByte(): void {
    const pad = (8 - (this.fill & 7)) & 7;
    if (pad > 0) this.writeBits(0, pad);
  }

  /** The bytes written, padded with zero bits to a whole byte (a copy: the writer can keep writing). */
  finish(): Uint8Array {
    const byteLength = Math.ceil(this.bitLength / 8);
    const out = new Uint8Array(byteLength);
    const full = this.index * 4;
    out.set(new Uint8Array(this.words.buffer, 0, full));
    if (!LITTLE_ENDIAN) swapWords(new Int32Array(out.buffer, 0, this.index));
    for (let k = full; k < byteLength; k++) out[k] = this.acc >>> ((k - full) * 8);
    return out;
  }

  private push(word: number): void {
    if (this.index === this.words.length) this.grow();
    this.words[this.index++] = word;
  }

  /** Doubles the word storage (kept out of push so that stays small enough to inline). */
  private grow(): void {
    const grown = new Int32Array(this.words.length * 2);
    grown.set(this.words);
    this.words = grown;
  }
}
