// The operator's web UI: the single-page app built into ui/dist/ (Vite), served at `/` beside the API.
// Files under assets/ carry a content hash in their name (Vite's default), so they are cached for a year;
// everything else (index.html first) is revalidated at each load. A GET path that names no file and does
// not look like one is a client-side route: it gets index.html. Nothing outside the folder is ever served.
// Text files are sent brotli- or gzip-compressed to browsers that accept it (web-ui-compression.ts).

import { createReadStream, existsSync, realpathSync, statSync } from 'node:fs';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CompressedCopies, chooseEncoding, compressible, MIN_COMPRESSED_SIZE } from './web-ui-compression.js';

/** `<package root>/ui/dist/` (the same from src/ under tsx and from dist/ once compiled). */
export const DEFAULT_WEB_UI_DIR = fileURLToPath(new URL('../../../ui/dist/', import.meta.url));

/** Hashed build output (Vite's `build.assetsDir`): immutable once written. */
const ASSETS = 'assets';

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.xml': 'application/xml; charset=utf-8',
  '.pdf': 'application/pdf',
};

export const NOT_BUILT =
  "Pointyard's web UI is not built yet.\n" +
  'Build it with `npm run build:ui` (it is written to ui/dist/), then reload this page.\n' +
  'The Haystack API is at /api/ (see docs/haystack.md).\n';

/** True when `dir` holds a built UI (its index.html). */
export function hasWebUi(dir: string | null): dir is string {
  return dir !== null && existsSync(join(dir, 'index.html'));
}

function text(reply: FastifyReply, status: number, message: string) {
  return reply
    .code(status)
    .header('content-type', 'text/plain; charset=utf-8')
    .header('cache-control', 'no-cache')
    .send(message.endsWith('\n') ? message : `${message}\n`);
}

/** The path segments of a request URL, or null when it cannot be a path inside the folder. */
function segmentsOf(url: string): string[] | null {
  let path: string;
  try {
    path = decodeURIComponent(url.split('?')[0] ?? '/');
  } catch {
    return null;
  }
  const segments = path.split('/').filter((s) => s !== '');
  // No `..`, no hidden files, no Windows separators, no NUL.
  const bad = (s: string) => s.startsWith('.') || s.includes('\\') || s.includes('\0');
  return segments.some(bad) ? null : segments;
}

/** The real path of `segments` inside `dir` when it is a regular file there (symbolic links may not leave it). */
function fileInside(dir: string, segments: string[]): string | null {
  const root = resolve(dir);
  const file = resolve(root, ...segments);
  const inside = (path: string, base: string) => {
    const rel = relative(base, path);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  };
  if (!inside(file, root)) return null;
  try {
    const real = realpathSync(file);
    return inside(real, realpathSync(root)) && statSync(real).isFile() ? real : null;
  } catch {
    return null;
  }
}

/**
 * Sends `file` with its type, validators and cache policy, compressed when the client accepts it and the
 * file is text; 304 when the client's copy (of the same encoding) is current.
 */
async function sendFile(
  request: FastifyRequest,
  reply: FastifyReply,
  copies: CompressedCopies,
  file: string,
  immutable: boolean,
) {
  const stat = statSync(file);
  const version = `${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}`;
  const type = MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  const varies = compressible(type) && stat.size >= MIN_COMPRESSED_SIZE;
  const encoding = varies ? chooseEncoding(request.headers['accept-encoding']) : null;
  // Each encoding is its own representation, with its own validator.
  const etag = `W/"${version}${encoding ? `-${encoding}` : ''}"`;
  reply
    .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
    .header('etag', etag)
    .header('last-modified', stat.mtime.toUTCString())
    .header('x-content-type-options', 'nosniff');
  if (varies) reply.header('vary', 'accept-encoding');
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  reply.code(200).header('content-type', type);
  if (encoding) {
    const body = await copies.get(file, version, encoding);
    return reply.header('content-encoding', encoding).header('content-length', body.length).send(body);
  }
  return reply.header('content-length', stat.size).send(createReadStream(file));
}

/**
 * Serves the UI in `dir` at `/` (GET and HEAD). The folder is looked at on each request, so a UI built while
 * the server runs is served at once; without one, `/` says how to build it. `/api/…` paths are never
 * answered here (an unknown one is a 404).
 */
export function registerWebUi(app: FastifyInstance, dir: string | null): void {
  const copies = new CompressedCopies();
  const handler = (request: FastifyRequest, reply: FastifyReply) => {
    const segments = segmentsOf(request.url);
    if (segments === null) return text(reply, 400, 'bad path');
    if (segments[0] === 'api') return text(reply, 404, `no such API path ${request.url.split('?')[0]}`);
    if (!hasWebUi(dir)) return text(reply, segments.length === 0 ? 200 : 404, NOT_BUILT);
    const file = segments.length === 0 ? null : fileInside(dir, segments);
    if (file !== null)
      return sendFile(request, reply, copies, file, segments[0] === ASSETS && segments.length > 1);
    // A missing file is a 404; any other path is a route of the app. Only known file types count as files,
    // since routes may end in record ids, which hold dots (`/points/lyon.pir-1.detection`).
    const last = segments.at(-1) ?? '';
    if (segments[0] === ASSETS || Object.hasOwn(MIME_TYPES, extname(last).toLowerCase()))
      return text(reply, 404, 'not found');
    return sendFile(request, reply, copies, join(resolve(dir), 'index.html'), false);
  };
  app.get('/', handler);
  app.get('/*', handler);
}
