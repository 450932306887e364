// A filter cannot crash or stall the server: a viewer's `read` with a path of 100,000 `->` segments is an
// error grid (memory barely moves, the next request is answered), filters past the length, nesting, term
// and path limits are error grids that name the limit, and a costly filter within them on a large site
// does not hold up the requests that arrive while it is evaluated.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { benchSite } from '../../bench/sites.js';
import { newUser } from '../../src/auth/credentials.js';
import { VirtualClock } from '../../src/core/clock.js';
import { Authenticator } from '../../src/protocols/haystack/auth/authenticator.js';
import { FILTER_LIMITS } from '../../src/protocols/haystack/filter-limits.js';
import { startHaystackServer } from '../../src/protocols/haystack/server.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { callOp, errorOf } from '../support/haystack-call.js';
import { haystackLogin } from '../support/haystack-scram-client.js';
import { demoHaystack, PASSWORD } from '../support/haystack-server.js';

const server = await demoHaystack();
after(() => server.close());
const viewer = await server.login('victor');

/** `read` of `filter` as the viewer, posted as Zinc. */
const read = (filter: string) =>
  callOp(server.url, viewer.fetch, 'read', `ver:"3.0"\nfilter\n${JSON.stringify(filter)}\n`);

test('a viewer reading equipRef->… 100,000 times gets an error grid; memory stays bounded', async () => {
  const filter = `${'equipRef->'.repeat(100_000)}dis`;
  global.gc?.();
  const before = process.memoryUsage().rss;
  const answer = await read(filter);
  const grown = process.memoryUsage().rss - before;
  assert.equal(answer.status, 200);
  assert.match(answer.error ?? '', /filter too long: 1000003 characters, at most 32768/);
  assert.ok(grown < 256 * 1024 * 1024, `RSS grew by ${Math.round(grown / 1024 / 1024)} MB`);
  // A path just within the length limit is refused by its path length, before any evaluation.
  const long = await read(`${'equipRef->'.repeat(3000)}dis`);
  assert.match(long.error ?? '', /filter path too long: 3001 names joined by ->, at most 16/);
  const next = await read('site');
  assert.equal(next.error, null);
  assert.equal(next.grid.length, 1, 'the server still answers');
});

test('paths of up to 16 names are followed; 17 is an error grid', async () => {
  const { maxPathLength } = FILTER_LIMITS;
  // equipRef->siteRef->… ends on the site, whose own `siteRef` is absent: a path that long matches nothing,
  // but it is read and evaluated.
  const within = await read(`point and equipRef->${'equipRef->'.repeat(maxPathLength - 3)}siteRef->dis`);
  assert.equal(within.error, null, within.text);
  const fine = await read('point and equipRef->siteRef->dis == "Parc Confluence Sud"');
  assert.equal(fine.error, null);
  assert.ok(fine.grid.length > 0);
  const over = await read(`point and ${'equipRef->'.repeat(maxPathLength)}dis`);
  assert.match(over.error ?? '', /filter path too long: 17 names joined by ->, at most 16/);
});

test('too many terms, too deep a nesting and too long a text are error grids', async () => {
  const { maxTerms, maxNesting, maxLength } = FILTER_LIMITS;
  const terms = Array.from({ length: maxTerms }, (_, i) => `t${i}`).join(' or ');
  assert.match((await read(terms)).error ?? '', /filter too large: more than 500 terms/);
  const fewer = Array.from({ length: maxTerms - 1 }, (_, i) => `t${i}`).join(' or ');
  assert.equal((await read(fewer)).error, null);
  const nested = `${'('.repeat(maxNesting + 1)}site${')'.repeat(maxNesting + 1)}`;
  assert.match((await read(nested)).error ?? '', /filter too deeply nested: at most 32 parentheses/);
  const inString = `dis == "${'('.repeat(100)}"`;
  assert.equal((await read(inString)).error, null, 'parentheses in a string are not nesting');
  const long = `dis == "${'x'.repeat(maxLength)}"`;
  assert.match((await read(long)).error ?? '', /filter too long/);
  assert.equal(errorOf((await read('site')).grid), null);
});

describe('on a large site (400 devices, about 8,500 records)', () => {
  const site = benchSite(400);
  const store = new MemoryStore();
  let runtime: Runtime;
  let big: Awaited<ReturnType<typeof startHaystackServer>>;
  let viewerFetch: typeof fetch;
  before(async () => {
    runtime = await Runtime.open({ site, store, clock: new VirtualClock(0), seed: 1 });
    await store.saveUser(newUser('victor', 'viewer', PASSWORD, Date.now()));
    big = await startHaystackServer({
      site,
      plugins: PROTOCOLS,
      runtime,
      host: '127.0.0.1',
      port: 0,
      authenticator: new Authenticator({ store }),
    });
    viewerFetch = (await haystackLogin(big.url, 'victor', PASSWORD)).fetch;
  });
  after(async () => {
    await big?.close();
    await runtime?.stop();
  });

  /**
   * Asserts that small requests sent back to back while `request` runs wait less than half of what
   * `request` takes alone (the baseline, measured here in the same run).
   */
  async function notStalledBy(request: () => Promise<void>) {
    let alone = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 2; i++) {
      const start = performance.now();
      await request();
      alone = Math.min(alone, performance.now() - start);
    }
    let done = false;
    const pending = request().then(() => {
      done = true;
    });
    let worst = 0;
    for (let i = 0; i < 1000 && !done; i++) {
      const start = performance.now();
      assert.equal((await viewerFetch(`${big.url}about`)).status, 200);
      worst = Math.max(worst, performance.now() - start);
    }
    await pending;
    assert.ok(
      worst < alone / 2,
      `a small request waited ${worst.toFixed(0)} ms; the large one alone takes ${alone.toFixed(0)} ms`,
    );
  }

  test('a costly filter does not stall the requests that arrive meanwhile', async () => {
    // 249 terms, none narrowed by the index: every record, every term; none matches (a small answer).
    const costly = `${Array.from({ length: 248 }, (_, i) => `not t${i}`).join(' and ')} and curVal == -1234567`;
    await notStalledBy(async () => {
      const answer = await callOp(
        big.url,
        viewerFetch,
        'read',
        `ver:"3.0"\nfilter\n${JSON.stringify(costly)}\n`,
      );
      assert.equal(answer.error, null);
    });
  });
});
