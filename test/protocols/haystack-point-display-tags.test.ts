// Point records tell clients what a person needs to write and read them: the tariff profiles a car park
// accepts (`enum` on its text command) and `%/h`, a unit Haystack lacks (`displayUnit`), while a count
// (no unit anywhere) and ordinary units get nothing more.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { HStr } from 'haystack-core';
import { callOp } from '../support/haystack-call.js';
import { demoHaystack } from '../support/haystack-server.js';

const SITE = 'lyon-confluence';

describe('point records: choices and display units', () => {
  let server: Awaited<ReturnType<typeof demoHaystack>>;
  before(async () => {
    server = await demoHaystack();
  });
  after(async () => {
    await server?.close();
  });

  const read = async (id: string) => {
    const answer = await callOp(server.url, server.fetch, 'read', `ver:"3.0"\nid\n@${id}\n`);
    assert.equal(answer.error, null, answer.text);
    const row = answer.grid.getRows()[0];
    assert.ok(row, `no record ${id}`);
    return row;
  };

  test("the car park's Tariff Profile lists the configured profiles as its enum", async () => {
    const tariff = await read(`${SITE}.parking-server.tariff-profile`);
    assert.equal(tariff.get<HStr>('kind')?.value, 'Str');
    assert.equal(tariff.get<HStr>('enum')?.value, 'standard,reduced,event');
    // The filter index sees it as a static tag.
    const byFilter = await callOp(server.url, server.fetch, 'read', {
      query: { filter: 'enum and kind=="Str" and writable' },
    });
    assert.ok(byFilter.text.includes('tariff-profile'), byFilter.text);
  });

  test('Level Rate of Change shows %/h; counts and Haystack units get no displayUnit', async () => {
    const rate = await read(`${SITE}.rainwater-tank.level-rate-of-change`);
    assert.equal(rate.get('unit'), undefined);
    assert.equal(rate.get<HStr>('displayUnit')?.value, '%/h');
    const occupied = await read(`${SITE}.parking-server.total-occupied`);
    assert.equal(occupied.get('displayUnit'), undefined);
    const offset = await read(`${SITE}.rainwater-tank.calibration-offset`);
    assert.equal(offset.get<HStr>('unit')?.value, 'mm');
    assert.equal(offset.get('displayUnit'), undefined);
  });
});
