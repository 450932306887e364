// The web UI beside the API: ui/dist served at `/`, hashed assets cached, client routes answered with
// index.html, nothing outside the folder reachable, text files compressed for browsers that accept it;
// without a built UI, `/` says how to build one.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { demoHaystack } from '../support/haystack-server.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-web-ui-'));
const dist = join(root, 'dist');
mkdirSync(join(dist, 'assets'), { recursive: true });
const INDEX = '<!doctype html><title>Pointyard</title><div id="app"></div>';
writeFileSync(join(dist, 'index.html'), INDEX);
writeFileSync(join(dist, 'assets', 'index-B4x9_kQz.js'), 'console.log("ui")');
writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
// A script the size of a real chunk (compressible like one: repeated words).
const BUNDLE = Array.from({ length: 400 }, (_, i) => `export const point${i} = "value ${i % 17}";`).join(
  '\n',
);
writeFileSync(join(dist, 'assets', 'bundle-Xk2_9aQw.js'), BUNDLE);
const PICTURE = Buffer.alloc(4096, 7);
writeFileSync(join(dist, 'picture.png'), PICTURE);
const SECRET = 'outside the UI folder';
writeFileSync(join(root, 'secret.txt'), SECRET);
symlinkSync(join(root, 'secret.txt'), join(dist, 'link.txt'));

const withUi = await demoHaystack({ webUiDir: dist });
const withoutUi = await demoHaystack({ webUiDir: join(root, 'absent') });
after(async () => {
  await withUi.close();
  await withoutUi.close();
  rmSync(root, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with the path exactly as given (fetch would resolve `..` before sending it). */
function raw(origin: string, path: string, method = 'GET', headers: Record<string, string> = {}) {
  const { hostname, port } = new URL(origin);
  return new Promise<Answer>((resolve, reject) => {
    const req = request({ host: hostname, port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A request's answer as bytes, not decoded in any way. */
function rawBytes(origin: string, path: string, headers: Record<string, string> = {}, method = 'GET') {
  const { hostname, port } = new URL(origin);
  return new Promise<{
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: Buffer;
  }>((resolve, reject) => {
    const req = request({ host: hostname, port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('compression', () => {
  const path = '/assets/bundle-Xk2_9aQw.js';

  test('a browser that accepts brotli gets brotli, a smaller body that decodes to the file', async () => {
    const answer = await rawBytes(withUi.origin, path, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['content-encoding'], 'br');
    assert.equal(answer.headers.vary, 'accept-encoding');
    assert.match(String(answer.headers['content-type']), /^text\/javascript/);
    assert.equal(answer.headers['content-length'], String(answer.body.length));
    assert.ok(answer.body.length < BUNDLE.length / 3, `${answer.body.length} bytes of ${BUNDLE.length}`);
    assert.equal(brotliDecompressSync(answer.body).toString('utf8'), BUNDLE);
  });

  test('gzip when brotli is not accepted or weighs less; the file as it is without either', async () => {
    for (const accept of ['gzip, deflate', 'br;q=0.5, gzip', 'br;q=0, *']) {
      const answer = await rawBytes(withUi.origin, path, { 'accept-encoding': accept });
      assert.equal(answer.headers['content-encoding'], 'gzip', accept);
      assert.equal(gunzipSync(answer.body).toString('utf8'), BUNDLE, accept);
    }
    const plainHeaders: Record<string, string>[] = [
      {},
      { 'accept-encoding': 'identity' },
      { 'accept-encoding': 'br;q=0, gzip;q=0' },
    ];
    for (const headers of plainHeaders) {
      const answer = await rawBytes(withUi.origin, path, headers);
      assert.equal(answer.headers['content-encoding'], undefined, JSON.stringify(headers));
      assert.equal(answer.headers.vary, 'accept-encoding');
      assert.equal(answer.body.toString('utf8'), BUNDLE);
    }
  });

  test('each encoding has its own validator: 304 for the copy the client holds, HEAD has its length', async () => {
    const br = await rawBytes(withUi.origin, path, { 'accept-encoding': 'br' });
    const plain = await rawBytes(withUi.origin, path);
    assert.notEqual(br.headers.etag, plain.headers.etag);
    const again = await rawBytes(withUi.origin, path, {
      'accept-encoding': 'br',
      'if-none-match': String(br.headers.etag),
    });
    assert.equal(again.status, 304);
    const other = await rawBytes(withUi.origin, path, {
      'accept-encoding': 'gzip',
      'if-none-match': String(br.headers.etag),
    });
    assert.equal(other.status, 200);
    assert.equal(other.headers['content-encoding'], 'gzip');
    const head = await rawBytes(withUi.origin, path, { 'accept-encoding': 'br' }, 'HEAD');
    assert.equal(head.headers['content-length'], String(br.body.length));
    assert.equal(head.body.length, 0);
  });

  test('pictures and small files are sent as they are', async () => {
    const png = await rawBytes(withUi.origin, '/picture.png', { 'accept-encoding': 'br, gzip' });
    assert.equal(png.headers['content-encoding'], undefined);
    assert.deepEqual(png.body, PICTURE);
    const index = await rawBytes(withUi.origin, '/', { 'accept-encoding': 'br, gzip' });
    assert.equal(index.headers['content-encoding'], undefined);
    assert.equal(index.body.toString('utf8'), INDEX);
  });
});

describe('with a built UI', () => {
  test('/ is index.html, revalidated at each load, with no login', async () => {
    const answer = await raw(withUi.origin, '/');
    assert.equal(answer.status, 200);
    assert.equal(answer.body, INDEX);
    assert.match(String(answer.headers['content-type']), /^text\/html/);
    assert.equal(answer.headers['cache-control'], 'no-cache');
    assert.ok(answer.headers.etag);
  });

  test('client-side routes get index.html; missing files do not', async () => {
    for (const path of ['/alarms', '/points/lyon-confluence.pir-1.detection', '/audit/?who=admin']) {
      const answer = await raw(withUi.origin, path);
      assert.equal(answer.status, 200, path);
      assert.equal(answer.body, INDEX, path);
    }
    for (const path of ['/assets/index-missing.js', '/missing.png', '/assets/']) {
      const answer = await raw(withUi.origin, path);
      assert.equal(answer.status, 404, path);
      assert.notEqual(answer.body, INDEX, path);
    }
  });

  test('hashed assets are cached for a year; other files are revalidated', async () => {
    const js = await raw(withUi.origin, '/assets/index-B4x9_kQz.js');
    assert.equal(js.status, 200);
    assert.equal(js.body, 'console.log("ui")');
    assert.match(String(js.headers['content-type']), /^text\/javascript/);
    assert.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(js.headers['x-content-type-options'], 'nosniff');
    const icon = await raw(withUi.origin, '/favicon.svg');
    assert.equal(icon.status, 200);
    assert.equal(icon.headers['content-type'], 'image/svg+xml');
    assert.equal(icon.headers['cache-control'], 'no-cache');
  });

  test('a current copy gets 304; HEAD gets the headers only', async () => {
    const first = await raw(withUi.origin, '/');
    const again = await raw(withUi.origin, '/', 'GET', { 'if-none-match': String(first.headers.etag) });
    assert.equal(again.status, 304);
    assert.equal(again.body, '');
    const head = await raw(withUi.origin, '/assets/index-B4x9_kQz.js', 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
    assert.equal(head.headers['content-length'], String('console.log("ui")'.length));
  });

  test('nothing outside the folder is served', async () => {
    for (const path of [
      '/../secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e%5c%2e%2e%5csecret.txt',
      '/link.txt',
      '/.env',
      '/%00index.html',
      '/%E0%A4%A',
    ]) {
      const answer = await raw(withUi.origin, path);
      assert.ok(answer.status === 400 || answer.status === 404, `${path}: ${answer.status}`);
      assert.ok(!answer.body.includes(SECRET), path);
    }
  });

  test('the API and /healthz are untouched; unknown /api/ paths are 404s, not the app', async () => {
    assert.equal((await raw(withUi.origin, '/api/about')).status, 401);
    assert.equal((await withUi.fetch(`${withUi.url}about`)).status, 200);
    assert.equal((await raw(withUi.origin, '/healthz')).status, 200);
    for (const path of ['/api', '/api/', '/api/a/b/c']) {
      const answer = await raw(withUi.origin, path);
      assert.equal(answer.status, 404, path);
      assert.notEqual(answer.body, INDEX, path);
    }
  });
});

describe('without a built UI', () => {
  test('/ tells how to build it; other paths are 404s', async () => {
    const home = await raw(withoutUi.origin, '/');
    assert.equal(home.status, 200);
    assert.match(String(home.headers['content-type']), /^text\/plain/);
    assert.match(home.body, /npm run build:ui/);
    assert.equal((await raw(withoutUi.origin, '/alarms')).status, 404);
    assert.equal((await withoutUi.fetch(`${withoutUi.url}about`)).status, 200);
  });
});
