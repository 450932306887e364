// The history chunk codec: Gorilla-style compression of one point's (time, float64) samples.

export { BitReader } from './bit-reader.js';
export { BitWriter } from './bit-writer.js';
export { type ChunkInfo, chunkInfo, type DecodedChunk, decodeChunk, encodeChunk } from './chunk.js';
export { CodecError } from './codec-error.js';
export { CHUNK_VERSION, MAX_CHUNK_SAMPLES } from './header.js';
