// The web UI at a URL: the running Pointyard's own (it serves ui/dist at `/`), or, while a server does not,
// a small loopback server that serves ui/dist and forwards /api/ to it (same origin, as in production).
import { readFile } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const DIST = join(import.meta.dirname, '..', '..', '..', 'ui', 'dist');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface UiServer {
  url: string;
  close(): Promise<void>;
}

/** The UI's URL for the API at `apiUrl` (http://127.0.0.1:<port>/api/). */
export async function uiFor(apiUrl: string): Promise<UiServer> {
  const origin = new URL(apiUrl).origin;
  const res = await fetch(`${origin}/`).catch(() => null);
  if (res?.ok && (res.headers.get('content-type') ?? '').includes('text/html'))
    return { url: `${origin}/`, close: async () => {} };
  return proxyServer(new URL(apiUrl));
}

async function proxyServer(api: URL): Promise<UiServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path.startsWith('/api/') || path === '/healthz') {
      const upstream = request(
        { host: api.hostname, port: api.port, path: req.url, method: req.method, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', () => res.writeHead(502).end());
      req.pipe(upstream);
      return;
    }
    const file = normalize(join(DIST, path === '/' ? 'index.html' : path));
    if (!file.startsWith(DIST)) return void res.writeHead(404).end();
    readFile(file).then(
      (body) =>
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
