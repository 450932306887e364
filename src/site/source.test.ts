import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SitePlugin } from './site-plugin.js';
import { readSource } from './source.js';

/** A protocol whose devices are read at `bus://host/<address>`, and one announced without a source yet. */
const BUS: SitePlugin = {
  name: 'bus',
  title: 'A test bus',
  source: {
    schemes: ['bus'],
    fields: ['host', 'address'],
    description: 'a test bus device',
    fromUrl: (url) => ({
      settings: {
        host: url.hostname,
        address: url.pathname.slice(1),
        ...Object.fromEntries(url.searchParams),
      },
    }),
    read: (raw) =>
      typeof raw.host === 'string'
        ? { settings: { host: raw.host, address: raw.address } }
        : { problem: 'no host' },
    describe: (settings) => `bus://${(settings as { host: string }).host}`,
  },
};
const LATER: SitePlugin = { name: 'later', title: 'Announced' };
const PLUGINS = [BUS, LATER];

describe('readSource', () => {
  test('absent, `sim` and `{kind: sim}` are the simulation', () => {
    for (const raw of [undefined, 'sim', { kind: 'sim' }])
      assert.deepEqual(readSource(raw, PLUGINS), { source: { kind: 'sim' }, problem: null });
  });

  test("a plug-in's URL or mapping gives its settings; the connector's are kept apart", () => {
    const expected = { kind: 'bus', settings: { host: 'h', address: '7' } };
    assert.deepEqual(readSource('bus://h/7', PLUGINS).source, expected);
    assert.deepEqual(readSource({ kind: 'bus', host: 'h', address: '7' }, PLUGINS).source, expected);
    assert.deepEqual(readSource('bus://h/7?staleMs=5', PLUGINS).source, { ...expected, staleMs: 5 });
    assert.equal(readSource({ kind: 'bus' }, PLUGINS).problem, 'no host');
    assert.equal(
      readSource({ kind: 'bus', host: 'h', speed: 1 }, PLUGINS).problem,
      "source bus: unknown setting 'speed' (takes host, address, staleMs, disabled)",
    );
  });

  test('a plug-in without a source is not available yet; an unknown kind names the choices', () => {
    assert.equal(
      readSource({ kind: 'later' }, PLUGINS).problem,
      "source 'later' is not available yet: only 'sim' and 'bus' devices run in this version",
    );
    assert.equal(
      readSource('replay', PLUGINS).problem,
      "unknown source 'replay' (expected sim, bus or a bus:// URL)",
    );
    assert.equal(readSource('replay', []).problem, "unknown source 'replay' (expected sim)");
  });

  test('settings on sim are refused', () => {
    assert.equal(
      readSource({ kind: 'sim', speed: 2 }, PLUGINS).problem,
      "source sim takes no settings (unknown field 'speed')",
    );
  });

  test('a malformed source is left to the schema: no source, no second message', () => {
    for (const raw of [null, 3, [], {}, { kind: 4 }])
      assert.deepEqual(readSource(raw, PLUGINS), { source: null, problem: null });
  });
});
