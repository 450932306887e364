// Compressed copies of the web UI's text files (scripts, styles, HTML, SVG): brotli or gzip as the browser
// accepts, made once per file version (size and modification time) and kept in memory, so that the UI's
// ~175 KB of scripts and styles travel as about a third of that. Compression runs on libuv's thread pool.

import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

export type Encoding = 'br' | 'gzip';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Below this size, compression saves less than the headers it adds. */
export const MIN_COMPRESSED_SIZE = 1024;

/** Content types worth compressing (images other than SVG, fonts and WebAssembly are compressed already). */
export const compressible = (contentType: string): boolean =>
  /^(text\/|application\/(json|manifest\+json|xml)|image\/svg\+xml)/.test(contentType);

/**
 * The encoding to send for an Accept-Encoding header: the one with the highest q-value among br and gzip
 * (br on a tie), `*` standing for both; null for none (no header, identity only, or q=0 for both).
 */
export function chooseEncoding(acceptEncoding: string | string[] | undefined): Encoding | null {
  const header = Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : (acceptEncoding ?? '');
  const q: Record<string, number> = {};
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam === undefined ? 1 : Number(qParam.slice(2));
    q[name] = Number.isFinite(value) ? value : 0;
  }
  const of = (name: Encoding) => q[name] ?? q['*'] ?? 0;
  const br = of('br');
  const gz = of('gzip');
  if (br <= 0 && gz <= 0) return null;
  return br >= gz ? 'br' : 'gzip';
}

interface Entry {
  /** `size-mtime` of the file the copies were made from. */
  version: string;
  copies: Partial<Record<Encoding, Promise<Buffer>>>;
}

/** Compressed copies by file path: a new version of a file (a rebuilt UI) replaces the old copies. */
export class CompressedCopies {
  private readonly entries = new Map<string, Entry>();

  /** The file at `path` (of `version`) compressed with `encoding`. */
  get(path: string, version: string, encoding: Encoding): Promise<Buffer> {
    const known = this.entries.get(path);
    const entry = known?.version === version ? known : { version, copies: {} };
    if (entry !== known) this.entries.set(path, entry);
    let copy = entry.copies[encoding];
    if (!copy) {
      copy = readFile(path).then((body) =>
        encoding === 'br'
          ? brotli(body, {
              params: {
                [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
                [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
              },
            })
          : gzipAsync(body, { level: constants.Z_BEST_COMPRESSION }),
      );
      // A failed read is not kept: the next request tries again.
      copy.catch(() => {
        if (entry.copies[encoding] === copy) delete entry.copies[encoding];
      });
      entry.copies[encoding] = copy;
    }
    return copy;
  }
}
