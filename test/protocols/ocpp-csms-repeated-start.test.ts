// A StartTransaction sent again because its answer never reached the charge point (the link lost, or the node
// that sent it killed before it marked it answered, and the node taking the charger over sending it again):
// the CSMS answers the transaction it already opened, and the store holds one transaction; a different start
// on the same connector is a new one.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import ocppRpc from 'ocpp-rpc';
import { type CsmsRig, PASSWORD, startCsmsRig } from './ocpp-csms-rig.js';

const rigs: CsmsRig[] = [];
after(async () => {
  for (const rig of rigs) await rig.close();
});

test('a repeated StartTransaction gets the same transaction id; the store keeps one', async () => {
  const rig = await startCsmsRig({ ocpp: 'idTags: [RFID-0001]' });
  rigs.push(rig);
  const client = new ocppRpc.RPCClient({
    endpoint: rig.url,
    identity: 'CP-1',
    password: PASSWORD,
    protocols: ['ocpp1.6'],
    strictMode: true,
    reconnect: false,
  } as ConstructorParameters<typeof ocppRpc.RPCClient>[0]);
  await client.connect();
  try {
    const start = {
      connectorId: 1,
      idTag: 'RFID-0001',
      meterStart: 1200,
      timestamp: '2026-01-05T08:00:00.000Z',
    };
    const first = (await client.call('StartTransaction', start)) as { transactionId: number };
    const again = (await client.call('StartTransaction', start)) as { transactionId: number };
    assert.equal(again.transactionId, first.transactionId);
    const charging = rig.server.runtime.services.charging;
    assert.equal((await charging.queryTransactions({ chargePointId: 'CP-1' })).length, 1);
    const other = (await client.call('StartTransaction', { ...start, meterStart: 1300 })) as {
      transactionId: number;
    };
    assert.notEqual(other.transactionId, first.transactionId);
    assert.equal((await charging.queryTransactions({ chargePointId: 'CP-1' })).length, 2);
  } finally {
    await client.close({ force: true });
  }
});
