// The points' protocol addresses over the Haystack API, as the plug-ins' columns write them: `<key>Cur` on
// every point, `<key>Write` on the commands, and on the site record the word each key is shown with
// (`addressLabels`), which the web UI puts before the address, knowing no protocol itself.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { HDict, HStr } from 'haystack-core';
import { addressesOf, addressLabelsOf } from '../../ui/src/format/addresses.js';
import { deviceNumbersOf } from '../../ui/src/format/device-numbers.js';
import { callOp, rowsOf } from '../support/haystack-call.js';
import { demoHaystack } from '../support/haystack-server.js';

const SITE = 'lyon-confluence';

/** A record as the web UI receives it (Hayson). */
type Dict = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : null);

describe('address tags', () => {
  let server: Awaited<ReturnType<typeof demoHaystack>>;
  before(async () => {
    server = await demoHaystack();
  });
  after(async () => {
    await server?.close();
  });

  const read = async (filter: string) => {
    const answer = await callOp(server.url, server.fetch, 'read', { query: { filter } });
    assert.equal(answer.error, null, answer.text);
    return answer.grid;
  };

  test('the site record names each address key; points carry Cur, commands Write too', async () => {
    const site = (await read('site')).getRows()[0];
    const labels = site?.get<HDict>('addressLabels');
    assert.ok(labels, 'the site record has addressLabels');
    assert.deepEqual(labels.keys, ['bacnet', 'modbus', 'ocpp']);
    assert.equal(labels.get<HStr>('bacnet')?.value, 'BACnet');
    assert.equal(labels.get<HStr>('modbus')?.value, 'Modbus');
    assert.equal(labels.get<HStr>('ocpp')?.value, 'OCPP');

    const tariff = (await read(`id==@${SITE}.parking-server.tariff-profile`)).getRows()[0];
    assert.equal(tariff?.get<HStr>('bacnetCur')?.value, 'CSV0');
    assert.equal(tariff?.get<HStr>('bacnetWrite')?.value, 'CSV0');
    assert.equal(tariff?.get<HStr>('modbusCur')?.value, '40501-40516');
    assert.equal(tariff?.get<HStr>('modbusWrite')?.value, '40501-40516');
    const sensor = (await read(`id==@${SITE}.rainwater-tank.level-rate-of-change`)).getRows()[0];
    assert.ok(sensor?.get<HStr>('bacnetCur')?.value);
    assert.equal(sensor?.get('bacnetWrite'), undefined);
    assert.equal(sensor?.get('modbusWrite'), undefined);
  });

  test("the web UI's address chips come from the site's labels, other columns as before", async () => {
    const site = rowsOf(await read('site'))[0] as Dict;
    const labels = addressLabelsOf(site);
    assert.deepEqual(labels, { bacnet: 'BACnet', modbus: 'Modbus', ocpp: 'OCPP' });
    const tariff = rowsOf(await read(`id==@${SITE}.parking-server.tariff-profile`))[0] as Dict;
    assert.deepEqual(addressesOf(tariff, labels), [
      { protocol: 'BACnet', address: 'CSV0' },
      { protocol: 'Modbus', address: '40501-40516' },
    ]);
    const power = rowsOf(await read(`id==@${SITE}.ev-charger-1.active-power`))[0] as Dict;
    const chips = addressesOf(power, labels);
    assert.deepEqual(
      chips.map((c) => c.protocol),
      ['BACnet', 'Modbus', 'OCPP'],
    );
    assert.equal(chips[2]?.address, 'MeterValues.Power.Active.Import');
    assert.equal(str(power.ocppCur), 'MeterValues.Power.Active.Import');
    assert.equal(power.ocppWrite, undefined, 'a measurand is read, not written');
    // A key the UI never heard of is shown with the label the server gives it.
    assert.deepEqual(addressesOf({ dis: 'Lamp', knxCur: '1/2/3', knxWrite: '1/2/3' }, { knx: 'KNX TP' }), [
      { protocol: 'KNX TP', address: '1/2/3' },
    ]);
  });

  test("equips carry their plug-in numbers under the site file's field names, labelled by the site record", async () => {
    const site = rowsOf(await read('site'))[0] as Dict;
    const server = rowsOf(await read(`id==@${SITE}.parking-server`))[0] as Dict;
    assert.deepEqual(deviceNumbersOf(server, site), [
      { label: 'Modbus unit', value: String(server.modbusUnit) },
      { label: 'BACnet instance', value: String(server.bacnetInstance) },
    ]);
    assert.equal(typeof server.bacnetInstance, 'number');
    // Filters reach them like any tag.
    const found = rowsOf(await read(`equip and bacnetInstance == ${String(server.bacnetInstance)}`));
    assert.deepEqual(
      found.map((r) => (r as Dict).id),
      [server.id],
    );
  });
});
