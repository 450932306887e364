// Splits a TCP byte stream into DC-09 frames: each from an LF (0x0A) through the next CR (0x0D). A segment
// may hold several frames or part of one; bytes outside LF … CR are dropped (and counted), a new LF before
// the CR starts the frame again, and a frame that grows past `maxFrameBytes` without its CR is dropped.

const LF = 0x0a;
const CR = 0x0d;

/** The longest frame DC-09 allows: LF, CRC, 0LLL, 4095 bytes of message, CR. */
export const MAX_FRAME_BYTES = 1 + 4 + 4 + 0xfff + 1;

export class FrameSplitter {
  /** Bytes dropped: outside any frame, or of frames too long or cut off by a new LF. */
  dropped = 0;
  private pending: Buffer | null = null;

  constructor(private readonly maxFrameBytes = MAX_FRAME_BYTES) {}

  /** The whole frames completed by `chunk`, in order. */
  push(chunk: Buffer): Buffer[] {
    const frames: Buffer[] = [];
    let data = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = null;
    for (;;) {
      const start = data.indexOf(LF);
      if (start < 0) {
        this.dropped += data.length;
        return frames;
      }
      this.dropped += start;
      const nextLf = data.indexOf(LF, start + 1);
      const end = data.indexOf(CR, start + 1);
      if (end < 0 || (nextLf >= 0 && nextLf < end)) {
        if (nextLf >= 0) {
          // A new LF before any CR: the bytes before it were not a frame.
          this.dropped += nextLf - start;
          data = data.subarray(nextLf);
          continue;
        }
        const partial = data.subarray(start);
        if (partial.length > this.maxFrameBytes) this.dropped += partial.length;
        else this.pending = Buffer.from(partial);
        return frames;
      }
      const frame = data.subarray(start, end + 1);
      if (frame.length > this.maxFrameBytes) this.dropped += frame.length;
      else frames.push(Buffer.from(frame));
      data = data.subarray(end + 1);
    }
  }

  /** Bytes held for a frame not complete yet. */
  get buffered(): number {
    return this.pending?.length ?? 0;
  }
}
