// A CSV file written fast: lines gather in a buffer that goes to disk (optionally gzip-compressed) in large
// pieces. The caller awaits `drain` now and then so that memory stays bounded.

import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { createGzip, type Gzip } from 'node:zlib';

const FLUSH_AT = 1 << 20;

export class CsvFile {
  private buffer = '';
  private readonly out: WriteStream;
  private readonly gzip: Gzip | null;
  private readonly sink: NodeJS.WritableStream;

  constructor(
    readonly path: string,
    header: string,
    compress: boolean,
  ) {
    this.out = createWriteStream(path);
    this.gzip = compress ? createGzip({ level: 1 }) : null;
    if (this.gzip) this.gzip.pipe(this.out);
    this.sink = this.gzip ?? this.out;
    this.buffer = `${header}\n`;
  }

  /** Adds one line (without its newline). */
  line(text: string): void {
    this.buffer += `${text}\n`;
    if (this.buffer.length >= FLUSH_AT) this.push();
  }

  private push(): boolean {
    const ok = this.sink.write(this.buffer);
    this.buffer = '';
    return ok;
  }

  /** Hands the buffer to the file and waits until the stream can take more. */
  async drain(): Promise<void> {
    if (!this.push()) await once(this.sink as NodeJS.EventEmitter, 'drain');
  }

  /** Writes what is left and closes the file. */
  async close(): Promise<void> {
    this.push();
    this.sink.end();
    await once(this.out, 'close');
  }
}

/** A CSV field: quoted when it holds a comma, a quote or a line break. */
export function csv(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
