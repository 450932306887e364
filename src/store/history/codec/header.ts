// The byte-aligned chunk header: version, sample count, first time, time span, first value (see chunk.ts).

import type { BitReader } from './bit-reader.js';
import type { BitWriter } from './bit-writer.js';
import { CodecError } from './codec-error.js';
import { MAX_DECIMALS } from './decimals.js';

/** Format versions: 1 stores values as they are; 2 adds a decimals byte and stores values × 10^decimals. */
export const CHUNK_VERSION = 1;
export const CHUNK_VERSION_DECIMAL = 2;

/** The most samples one chunk may hold (the count is a varint of at most 5 bytes). */
export const MAX_CHUNK_SAMPLES = 0xffffffff;

const TWO_32 = 4294967296;

export interface ChunkHeader {
  count: number;
  /** First and last time, epoch ms; 0 when the chunk is empty. */
  firstTime: number;
  lastTime: number;
  /** Bit pattern of the first (stored) value, high and low halves; 0 when the chunk is empty. */
  firstHi: number;
  firstLo: number;
  /** Values are stored × 10^decimals (version 2); 0 means as they are (version 1). */
  decimals: number;
}

/** Writes the header, byte-aligned at the start of the stream. */
export function writeHeader(w: BitWriter, h: ChunkHeader): void {
  if (h.decimals > 0) {
    w.writeBits(CHUNK_VERSION_DECIMAL, 8);
    w.writeBits(h.decimals, 8);
  } else {
    w.writeBits(CHUNK_VERSION, 8);
  }
  writeVarint(w, h.count);
  if (h.count === 0) return;
  // Time as a little-endian two's complement int64.
  const hi = Math.floor(h.firstTime / TWO_32);
  w.writeBits(h.firstTime - hi * TWO_32, 32);
  w.writeBits(hi, 32);
  writeVarint(w, h.lastTime - h.firstTime);
  w.writeBits(h.firstLo, 32);
  w.writeBits(h.firstHi, 32);
}

/** Reads and checks the header; throws CodecError on an unknown version or impossible fields. */
export function readHeader(r: BitReader): ChunkHeader {
  const version = r.readBits(8);
  if (version !== CHUNK_VERSION && version !== CHUNK_VERSION_DECIMAL)
    throw new CodecError(`not a history chunk of a known version (version byte ${version})`);
  const decimals = version === CHUNK_VERSION_DECIMAL ? r.readBits(8) : 0;
  if (version === CHUNK_VERSION_DECIMAL && (decimals < 1 || decimals > MAX_DECIMALS))
    throw new CodecError(`chunk is damaged: ${decimals} decimals`);
  const count = readVarint(r, 5, 'sample count');
  if (count > MAX_CHUNK_SAMPLES) throw new CodecError(`chunk is damaged: sample count ${count}`);
  if (count === 0) return { count, firstTime: 0, lastTime: 0, firstHi: 0, firstLo: 0, decimals };
  const lo = r.readBits(32);
  const firstTime = (r.readBits(32) | 0) * TWO_32 + lo;
  const span = readVarint(r, 8, 'time span');
  const lastTime = firstTime + span;
  if (!Number.isSafeInteger(firstTime) || !Number.isSafeInteger(span) || !Number.isSafeInteger(lastTime))
    throw new CodecError(`chunk is damaged: times ${firstTime} … ${lastTime} are out of range`);
  const firstLo = r.readBits(32);
  const firstHi = r.readBits(32);
  return { count, firstTime, lastTime, firstHi, firstLo, decimals };
}

/** Unsigned LEB128: 7 bits a byte, low group first, high bit set on every byte but the last. */
function writeVarint(w: BitWriter, value: number): void {
  let v = value;
  while (v >= 0x80) {
    w.writeBits((v % 0x80) | 0x80, 8);
    v = Math.floor(v / 0x80);
  }
  w.writeBits(v, 8);
}

/** Reads a varint of at most `maxBytes` bytes; `what` names it in the error. */
function readVarint(r: BitReader, maxBytes: number, what: string): number {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < maxBytes; i++) {
    const b = r.readBits(8);
    value += (b & 0x7f) * scale;
    if (b < 0x80) return value;
    scale *= 0x80;
  }
  throw new CodecError(`chunk is damaged: ${what} runs past ${maxBytes} bytes`);
}
