// Interop: hisWrite and hisRead through haystack-nclient (J2 Innovations' Haystack client): a value in
// another unit or of the wrong kind comes back as a GridError, a unitless number takes the point's unit,
// an enum's history written with the words hisRead gives round-trips, older samples merge in time order.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { HBool, HDateTime, HDict, HNum, HStr, type HVal } from 'haystack-core';
import { idleDemoHaystack } from '../support/haystack-server.js';
import { peerSkip } from '../support/peers.js';

const nclient = await import('haystack-nclient').catch(() => null);
const skip = peerSkip(nclient ? null : 'haystack-nclient is not installed (npm ci installs it)');

describe('haystack-nclient: history', { skip }, async () => {
  if (!nclient) return;
  const server = await idleDemoHaystack(Date.UTC(2026, 11, 1, 12));
  after(() => server.close());
  const client = new nclient.Client({ base: new URL(server.origin), project: 'demo', fetch: server.fetch });
  after(() => client.close());

  const TEMP = 'lyon-confluence.ev-charger-1.charger-temperature';
  const ALERT = 'lyon-confluence.parking-server.security-alert';
  const STATUS = 'lyon-confluence.parking-server.server-status';
  const at = (hhmm: string) => HDateTime.make(`2026-12-01T${hhmm}:00+01:00 Paris`);
  const rows = (samples: Array<[string, HVal]>) => samples.map(([t, val]) => HDict.make({ ts: at(t), val }));
  const refused = (message: RegExp) => (err: unknown) =>
    nclient.isGridError(err as Error) && message.test((err as Error).message);
  const read = async (id: string) =>
    (await client.ops.hisRead(id, '2026-12-01'))
      .getRows()
      .map((r) => [(r.get('ts') as HDateTime).toZinc().slice(11, 16), r.get('val')?.toZinc()]);

  test('another unit or the wrong kind is a GridError; a unitless number takes the point’s unit', async () => {
    await assert.rejects(
      client.ops.hisWrite(TEMP, rows([['10:00', HNum.make(54.5, '°F')]])),
      refused(/unit conversion explicitly disallowed/),
    );
    await assert.rejects(
      client.ops.hisWrite(TEMP, rows([['10:00', HBool.make(true)]])),
      refused(/Number point/),
    );
    await assert.rejects(client.ops.hisWrite(ALERT, rows([['10:00', HNum.make(7)]])), refused(/Bool point/));
    await client.ops.hisWrite(TEMP, rows([['10:00', HNum.make(54.5)]]));
    assert.deepEqual(await read(TEMP), [['10:00', '54.5°C']]);
  });

  test('enum history round-trips; older samples merge in time order', async () => {
    await client.ops.hisWrite(STATUS, rows([['09:30', HStr.make('MAINTENANCE')]]));
    await client.ops.hisWrite(STATUS, rows([['09:00', HStr.make('RUNNING')]]));
    const back = await read(STATUS);
    assert.deepEqual(back, [
      ['09:00', '"RUNNING"'],
      ['09:30', '"MAINTENANCE"'],
    ]);
    await assert.rejects(client.ops.hisWrite(STATUS, rows([['10:00', HNum.make(9)]])), refused(/Str point/));
  });
});
