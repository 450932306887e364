// Interop: haystack-nclient (J2 Innovations' Haystack client, which no one here wrote) against the API.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { demoHaystack } from '../support/haystack-server.js';
import { peerSkip } from '../support/peers.js';

// nclient is an npm dev dependency: always there after `npm ci`. Its 4.0.7 needs Node 22; 4.0.4 is pinned.
const nclient = await import('haystack-nclient').catch(() => null);
const skip = peerSkip(nclient ? null : 'haystack-nclient is not installed (npm ci installs it)');

describe('haystack-nclient', { skip }, async () => {
  if (!nclient) return;
  const server = await demoHaystack();
  after(() => server.close());
  const client = new nclient.Client({
    base: new URL(server.origin),
    project: 'demo',
    fetch: server.fetch, // nclient has no SCRAM: our helper logged in; its requests carry the bearer token
  });
  after(() => client.close());

  test('about', async () => {
    // nclient 4.0.4 hands back the grid (its types say the first row): take the row either way.
    const answer = (await client.ops.about()) as unknown as {
      getRows?: () => Array<{ get(n: string): unknown }>;
    } & {
      get(n: string): unknown;
    };
    const about = answer.getRows ? answer.getRows()[0] : answer;
    assert.equal(String(about?.get('productName')), 'Pointyard');
    assert.equal(String(about?.get('haystackVersion')), '4.0');
  });

  test('read by filter and by id', async () => {
    const chargers = await client.ops.read('equip and profile=="ev-charger-level-2"');
    assert.equal(chargers.length, 4);
    const byId = await client.ops.read(['lyon-confluence.ev-charger-3.active-power']);
    assert.equal(byId.getRows()[0]?.get('unit')?.toString(), 'kW');
  });

  test('nav from the root to the points', async () => {
    const root = await client.ops.nav();
    assert.equal(root.length, 1);
    const equips = await client.ops.nav('lyon-confluence');
    assert.equal(equips.length, 14);
  });

  test('filters with literals as Haxall reads them: unit names, DateTimes', async () => {
    const ids = (grid: { getRows(): Array<{ get(n: string): unknown }> }) =>
      grid
        .getRows()
        .map((r) => String((r.get('id') as { value: string }).value))
        .sort();
    const bySymbol = ids(await client.ops.read('maxVal > 22kW'));
    assert.ok(bySymbol.length > 0);
    assert.deepEqual(ids(await client.ops.read('maxVal > 22kilowatt')), bySymbol);
    const stamped = ids(await client.ops.read('curTs'));
    assert.ok(stamped.length > 0);
    assert.deepEqual(ids(await client.ops.read('curTs > 2000-01-01T00:00:00Z')), stamped);
    assert.deepEqual(ids(await client.ops.read('curTs > 2000-01-01T01:00:00+01:00 Paris')), stamped);
    assert.equal((await client.ops.read('curTs < 2000-01-01T00:00:00Z UTC')).length, 0);
  });

  test('a Ref with a display name in a filter is an error, as in Haxall', async () => {
    await assert.rejects(client.ops.read('id == @lyon-confluence "Lyon"'), (err: unknown) =>
      nclient.isGridError(err as Error),
    );
  });

  test('an error grid becomes a GridError', async () => {
    await assert.rejects(client.ops.read('point and ('), (err: unknown) => nclient.isGridError(err as Error));
  });
});
