// The web UI beside the API: ui/dist served at `/`, hashed assets cached, client routes answered with
// index.html, nothing outside the folder reachable; without a built UI, `/` says how to build one.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { demoHaystack } from '../support/haystack-server.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-web-ui-'));
const dist = join(root, 'dist');
mkdirSync(join(dist, 'assets'), { recursive: true });
const INDEX = '<!doctype html><title>Pointyard</title><div id="app"></div>';
writeFileSync(join(dist, 'index.html'), INDEX);
writeFileSync(join(dist, 'assets', 'index-B4x9_kQz.js'), 'console.log("ui")');
writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
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
