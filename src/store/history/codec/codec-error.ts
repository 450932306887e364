// The one error the history chunk codec throws: bad input to the encoder, or a damaged or truncated chunk.

export class CodecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CodecError';
  }
}

/** The error for a chunk whose bits run out while decoding sample `index`. */
export function truncatedAt(index: number): CodecError {
  return new CodecError(`chunk is truncated: its bits run out at sample ${index}`);
}
