// Request bodies cannot be used to hold the server: the login is checked before a body is read (a 401 arrives
// while the client has sent only part of a large body, and the connection closes), a body over the limit is
// refused from its Content-Length, a slow body is timed out, and a large body is parsed without stalling
// the requests that arrive meanwhile.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { HTTP_DEFAULTS } from '../../src/protocols/haystack/http-settings.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { loadSite } from '../../src/site/load.js';
import { demoHaystack } from '../support/haystack-server.js';
import { pollUntil, postHead, rawConnection, statusOf } from '../support/raw-http.js';

const server = await demoHaystack({ http: { bodyLimit: 8 * 1024 * 1024, bodyTimeoutMs: 300 } });
after(() => server.close());
const admin = await server.login('admin');

/** Sends the head of a POST announcing `announced` bytes and then `sent` bytes of it; the connection. */
async function partialPost(
  path: string,
  announced: number,
  sent: number,
  headers: Record<string, string> = {},
) {
  const connection = await rawConnection(server.url);
  await connection.write(postHead(server.url, path, announced, headers));
  if (sent > 0) await connection.write(Buffer.alloc(sent, 0x20));
  return connection;
}

describe('request bodies', () => {
  test('without a login, a large body gets its 401 before it is sent, and the connection closes', async () => {
    const connection = await partialPost('read', 15 * 1024 * 1024, 256 * 1024);
    try {
      assert.ok(await pollUntil(() => statusOf(connection.received()) !== null), 'an answer before the body');
      assert.equal(statusOf(connection.received()), 401);
      assert.match(connection.received(), /www-authenticate: HELLO/i);
      assert.ok(await pollUntil(() => connection.closed()), 'the connection closes');
    } finally {
      connection.destroy();
    }
  });

  test('a bad token is refused before the body too; so is an unknown op (401 without a login)', async () => {
    const connection = await partialPost('read', 15 * 1024 * 1024, 64 * 1024, {
      Authorization: 'BEARER authToken=forged',
    });
    try {
      assert.ok(await pollUntil(() => statusOf(connection.received()) !== null));
      assert.equal(statusOf(connection.received()), 403);
      assert.ok(await pollUntil(() => connection.closed()));
    } finally {
      connection.destroy();
    }
    const probe = await fetch(`${server.url}nosuchop`);
    assert.equal(probe.status, 401, 'op names cannot be probed without a login');
    assert.equal((await admin.fetch(`${server.url}nosuchop`)).status, 404);
  });

  test('a body sent anywhere else (no such path, another method) is answered before it is read', async () => {
    for (const [method, path, status] of [
      ['POST', '/nothing-here', 404],
      ['POST', '/healthz', 404],
      ['PUT', '/api/about', 501],
      ['GET', '/', 405],
      ['GET', '/api/file/report/report-2026-01-04.csv', 405],
    ] as const) {
      const connection = await rawConnection(server.url);
      try {
        const head = postHead(`${server.origin}/`, '', 15 * 1024 * 1024).replace(
          /^POST \/ /,
          `${method} ${path} `,
        );
        await connection.write(head);
        await connection.write(Buffer.alloc(64 * 1024, 0x20));
        assert.ok(await pollUntil(() => statusOf(connection.received()) !== null), `${method} ${path}`);
        assert.equal(statusOf(connection.received()), status, `${method} ${path}`);
        assert.ok(await pollUntil(() => connection.closed()), `${method} ${path} closes`);
      } finally {
        connection.destroy();
      }
    }
  });

  test('a body over the limit is refused from its Content-Length (413), without reading it', async () => {
    const connection = await partialPost('read', 9 * 1024 * 1024, 0, {
      Authorization: `BEARER authToken=${admin.token}`,
    });
    try {
      assert.ok(await pollUntil(() => statusOf(connection.received()) !== null));
      assert.equal(statusOf(connection.received()), 413);
      assert.match(connection.received(), /server\.http\.bodyLimit/);
      assert.ok(await pollUntil(() => connection.closed()));
    } finally {
      connection.destroy();
    }
  });

  test('a body that does not arrive in time is answered 408 and its connection closed', async () => {
    const connection = await partialPost('read', 100, 10, {
      Authorization: `BEARER authToken=${admin.token}`,
    });
    try {
      assert.ok(await pollUntil(() => connection.closed()), 'closed by the server');
      assert.equal(statusOf(connection.received()), 408);
      assert.match(connection.received(), /did not arrive within 0\.3 s/);
    } finally {
      connection.destroy();
    }
    // A body that arrives in time is read as ever.
    const read = await admin.fetch(`${server.url}read`, {
      method: 'POST',
      headers: { 'content-type': 'text/zinc' },
      body: 'ver:"3.0"\nfilter\n"site"\n',
    });
    assert.equal(read.status, 200);
  });

  test('a large Zinc body does not stall the requests that arrive while it is parsed', async () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => `2026-01-05T00:00:00+01:00 Paris,${i}`);
    const body = `ver:"3.0"\nts,val\n${rows.join('\n')}\n`;
    const big = () =>
      admin.fetch(`${server.url}about`, { method: 'POST', headers: { 'content-type': 'text/zinc' }, body });
    const small = async () => {
      const start = performance.now();
      assert.equal((await admin.fetch(`${server.url}about`)).status, 200);
      return performance.now() - start;
    };
    // Baseline from this run: how long the large request takes alone.
    let alone = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 2; i++) {
      const start = performance.now();
      assert.equal((await big()).status, 200);
      alone = Math.min(alone, performance.now() - start);
    }
    // Small requests back to back while the large one is under way: one of them is always waiting on it.
    let done = false;
    const pending = big().then((r) => {
      done = true;
      return r.status;
    });
    let worst = 0;
    for (let i = 0; i < 1000 && !done; i++) worst = Math.max(worst, await small());
    assert.equal(await pending, 200);
    assert.ok(
      worst < alone / 2,
      `a small request waited ${worst.toFixed(0)} ms; the large one alone takes ${alone.toFixed(0)} ms`,
    );
  });

  test('the default body limit is 1 MB; the site file sets another, and a bad value stops the server', async () => {
    assert.equal(HTTP_DEFAULTS.bodyLimit, 1024 * 1024);
    const { site } = loadSite('sites/demo.yaml', PROTOCOLS);
    assert.ok(site);
    const small = await demoHaystack({
      site: { ...site, server: { ...site.server, http: { bodyLimit: '2KB' } } },
    });
    try {
      const post = (size: number) =>
        small.fetch(`${small.url}read`, {
          method: 'POST',
          headers: { 'content-type': 'text/zinc' },
          body: `ver:"3.0"\nfilter\n"site${' '.repeat(size)}"\n`,
        });
      assert.equal((await post(1000)).status, 200);
      assert.equal((await post(3000)).status, 413);
    } finally {
      await small.close();
    }
    await assert.rejects(
      demoHaystack({ site: { ...site, server: { ...site.server, http: { bodyLimit: 'huge' } } } }),
      /server\.http\.bodyLimit must be a size/,
    );
  });
});

describe('OPTIONS', () => {
  test('answers as the API does: a login first, then the methods the op takes', async () => {
    assert.equal((await fetch(`${server.url}read`, { method: 'OPTIONS' })).status, 401);
    const read = await admin.fetch(`${server.url}read`, { method: 'OPTIONS' });
    assert.equal(read.status, 204);
    assert.equal(read.headers.get('allow'), 'GET, POST, OPTIONS');
    const write = await admin.fetch(`${server.url}pointWrite`, { method: 'OPTIONS' });
    assert.equal(write.headers.get('allow'), 'POST, OPTIONS');
    assert.equal((await admin.fetch(`${server.url}nosuchop`, { method: 'OPTIONS' })).status, 404);
  });

  test("HEAD is held to GET's rule: an op that changes things is a 405, and does nothing", async () => {
    const session = await server.login('victor');
    assert.equal((await session.fetch(`${server.url}about`, { method: 'HEAD' })).status, 200);
    assert.equal((await session.fetch(`${server.url}close`, { method: 'HEAD' })).status, 405);
    assert.equal((await session.fetch(`${server.url}about`)).status, 200, 'the session is still open');
  });
});
