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

  const SETPOINT = 'lyon-confluence.dhw-tank.temperature-setpoint';
  const HEATING = 'lyon-confluence.dhw-tank.heating-enable';
  const RESET = 'lyon-confluence.rainwater-tank.reset-min-max';
  const levelOf = async (id: string, level: number) =>
    (await client.ops.pointRead(id)).getRows().find((r) => r.get('level')?.valueOf() === level);
  const refusal = (pattern: RegExp) => (err: unknown) =>
    nclient.isGridError(err as Error) && pattern.test((err as Error).message);

  test('pointWrite takes a Number in the point unit or none; another unit or kind is a GridError', async () => {
    const { HBool, HNum, HStr } = await import('haystack-core');
    await client.ops.pointWrite({ id: SETPOINT, level: 16, val: HNum.make(55) });
    assert.equal((await levelOf(SETPOINT, 16))?.get('val')?.toZinc(), '55°C', 'no unit: the point unit');
    for (const val of [HNum.make(60, 'kW'), HNum.make(60, '°F'), HStr.make('60'), HBool.make(true)])
      await assert.rejects(
        client.ops.pointWrite({ id: SETPOINT, level: 16, val }),
        refusal(/Temperature Setpoint takes a Number/),
        val.toZinc(),
      );
    assert.equal((await levelOf(SETPOINT, 16))?.get('val')?.toZinc(), '55°C', 'nothing written');
    await client.ops.pointWrite({ id: SETPOINT, level: 16, val: HNum.make(56, '°C') });
    assert.equal((await levelOf(SETPOINT, 16))?.get('val')?.toZinc(), '56°C');
    await assert.rejects(
      client.ops.pointWrite({ id: HEATING, level: 16, val: HStr.make('ENABLE') }),
      refusal(/Heating Enable takes a Bool, not "ENABLE"/),
    );
    await client.ops.pointWrite({ id: HEATING, level: 16, val: HBool.make(true) });
    assert.equal((await levelOf(HEATING, 16))?.get('val')?.toZinc(), 'T');
  });

  test('pointWrite durations in every Haystack time unit', async () => {
    const { HNum } = await import('haystack-core');
    for (const [duration, seconds] of [
      [HNum.make(90), 90],
      [HNum.make(2, 'min'), 120],
      [HNum.make(1, 'day'), 86_400],
      [HNum.make(1, 'wk'), 604_800],
      [HNum.make(0.5, 'mo'), 1_314_900],
      [HNum.make(0.05, 'yr'), 1_576_800],
      [HNum.make(30, 'day'), 2_592_000],
    ] as const) {
      await client.ops.pointWrite({ id: SETPOINT, level: 8, val: HNum.make(60), duration });
      assert.equal((await levelOf(SETPOINT, 8))?.get('expires')?.toZinc(), `${seconds}s`, duration.toZinc());
    }
    // A timed override lasts at most 30 days: a month (30.4375 days) or a year is refused.
    for (const unit of ['mo', 'yr'])
      await assert.rejects(
        client.ops.pointWrite({ id: SETPOINT, level: 8, val: HNum.make(61), duration: HNum.make(1, unit) }),
        refusal(/a timed override lasts at most 30 days \(30day\)/),
      );
    await assert.rejects(
      client.ops.pointWrite({ id: SETPOINT, level: 8, val: HNum.make(61), duration: HNum.make(1, 'kW') }),
      refusal(/duration must be a Number with a time unit/),
    );
    assert.equal((await levelOf(SETPOINT, 8))?.get('val')?.toZinc(), '60°C', 'nothing written');
    await client.ops.pointWrite({ id: SETPOINT, level: 8 });
  });

  test('a momentary action: an action marker, run by invokeAction or a pointWrite of its word', async () => {
    const [record] = (await client.ops.read([RESET])).getRows();
    assert.ok(record?.has('action'));
    assert.ok(!record?.has('writable'), 'not writable: it has no priority array');
    await assert.rejects(client.ops.pointRead(RESET), refusal(/momentary action: it has no priority array/));
    const runs = async () =>
      (await server.runtime.options.store.queryAudit({ key: 'rainwater-tank.reset-min-max' })).filter(
        (a) => a.action === 'run',
      ).length;
    const before = await runs();
    await client.ops.invokeAction(RESET, 'RESET');
    await client.ops.pointWrite({ id: RESET, level: 16, val: 'RESET' });
    assert.equal(await runs(), before + 2);
    await assert.rejects(
      client.ops.invokeAction(RESET, 'BACKUP'),
      refusal(/write RESET \(or true\) to run it/),
    );
  });

  test('an error grid becomes a GridError', async () => {
    await assert.rejects(client.ops.read('point and ('), (err: unknown) => nclient.isGridError(err as Error));
  });
});
