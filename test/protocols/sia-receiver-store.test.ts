// The receiver keeping its reports in the store's alarm-report log (a real SQLite store): every event of an
// accepted message is logged before its ACK, with account, zone, code, line and transport; a resend after a
// lost ACK is acknowledged again and logged once; a link test (NULL) is acknowledged and only moves the
// account's last-seen time; a store that refuses the record turns the ACK into a NAK.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { encodeFrame } from '../../src/protocols/sia/codec/frame.js';
import { StoreReportSink } from '../../src/protocols/sia/receiver/store-report-sink.js';
import { openStore } from '../../src/store/open.js';
import { NOW, startRig, TcpPanel, udpExchange } from './sia-receiver-rig.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-sia-store-'));
after(() => rmSync(root, { recursive: true, force: true }));

const frame = (token: 'SIA-DCS' | 'NULL', sequence: number, data: string) =>
  encodeFrame({ token, encrypted: false, sequence, line: '0', account: '1001', data, extended: [] });

test('events logged before the ACK, a resend once, a link test as a sign of life', async () => {
  const store = await openStore({ path: join(root, 'data') }, { sqlite: { acceptNewDatabase: true } });
  const sink = new StoreReportSink(store.alarmReports);
  const rig = await startRig([{ account: '1001' }], { sink });
  try {
    const two = frame('SIA-DCS', 7, '#1001|Nri1/TA001/BA001');
    const panel = await TcpPanel.connect(rig.server.port);
    await panel.write(two);
    const [ack] = await panel.answers(1);
    assert.match(ack as string, /"ACK"0007L0#1001\[\]/);
    // Its ACK lost, the panel sends it again (over UDP): acknowledged, not logged twice.
    assert.deepEqual(await udpExchange(rig.server.port, [two], 1), [ack]);
    const logged = (await store.alarmReports.list()).sort((a, b) => a.id - b.id);
    assert.deepEqual(
      logged.map((r) => [r.account, r.zone, r.code, r.sequence, r.line, r.transport, r.frame]),
      [
        ['1001', '001', 'TA', 7, '0', 'tcp', two],
        ['1001', '001', 'BA', 7, '0', 'tcp', two],
      ],
    );
    assert.equal(sink.recordedCount, 2);

    rig.clock.now = NOW.getTime() + 60_000;
    await panel.write(frame('NULL', 8, ''));
    assert.match((await panel.answers(2))[1] as string, /"ACK"0008L0#1001\[\]/);
    assert.equal((await store.alarmReports.list()).length, 2, 'a link test is not an event');
    assert.equal(await store.alarmReports.lastSeen('1001'), NOW.getTime() + 60_000);
    panel.close();
  } finally {
    await rig.close();
    await store.close();
  }
});

test('a store that cannot keep the event: NAK, so that the transmitter sends it again', async () => {
  const store = await openStore({ path: join(root, 'closed') }, { sqlite: { acceptNewDatabase: true } });
  const sink = new StoreReportSink(store.alarmReports);
  await store.close();
  const rig = await startRig([{ account: '1001' }], { sink });
  try {
    const [answer] = await udpExchange(rig.server.port, [frame('SIA-DCS', 9, '#1001|Nri2/BA002')], 1);
    assert.match(answer as string, /"NAK"0000R0L0A0\[\]/);
  } finally {
    await rig.close();
  }
});
