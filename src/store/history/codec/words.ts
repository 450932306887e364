// 32-bit word helpers shared by the bit writer and readers: host byte order, masks, aligned word copies.

/** True when the host stores the low byte of a word first (every platform Node ships on, in practice). */
export const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Index of the low and high 32-bit halves of a float64 seen through an Int32Array on this host. */
export const LO_WORD = LITTLE_ENDIAN ? 0 : 1;
export const HI_WORD = 1 - LO_WORD;

/** `LOW_MASK[n]` keeps the low n bits of a word (n = 0…32). */
export const LOW_MASK = Int32Array.from({ length: 33 }, (_, n) => (n === 32 ? -1 : (1 << n) - 1));

/**
 * Zero words after the input in `toWords`: a decoding loop that checks its position once per sample may
 * read this far past the end (a sample is at most 77 bits, and a read also loads the following word).
 */
export const SLACK_WORDS = 8;

/** Reverses the bytes of every word in place (little-endian words ↔ a big-endian host). */
export function swapWords(words: Int32Array): void {
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as number;
    words[i] = (w << 24) | ((w & 0xff00) << 8) | ((w >>> 8) & 0xff00) | (w >>> 24);
  }
}

/** Copies `bytes` into aligned little-endian-ordered words followed by SLACK_WORDS zero words. */
export function toWords(bytes: Uint8Array): Int32Array {
  const words = new Int32Array(((bytes.length + 3) >>> 2) + SLACK_WORDS);
  new Uint8Array(words.buffer, 0, bytes.length).set(bytes);
  if (!LITTLE_ENDIAN) swapWords(words);
  return words;
}
