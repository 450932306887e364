// Alarms raised by the events a whole Pointyard's receiver takes (a real `pointyard start` process, frames over
// TCP as a third-party panel sends them): account 2001 (no site device) reports a burglary in zone 003 → an
// alarm in the alarms op (what was reported in words, who reported it), acknowledged like any other; its
// resend raises no second one; the restore clears it. The mapping is the site file's (`FA: warning`,
// `YT: false`); account 1001 is tied to pir-1, whose own points raise its alarms: its BA raises none here.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { encodeFrame } from '../../src/protocols/sia/codec/frame.js';
import { callOp, rowsOf } from '../support/haystack-call.js';
import { haystackLogin } from '../support/haystack-scram-client.js';
import { ADMIN_PASSWORD, startPointyard } from '../support/running-pointyard.js';
import { receiverPort } from './sia-pointyard-rig.js';
import { TcpPanel } from './sia-receiver-rig.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-sia-alarms-'));
after(() => rmSync(root, { recursive: true, force: true }));

const frame = (account: string, sequence: number, data: string) =>
  encodeFrame({ token: 'SIA-DCS', encrypted: false, sequence, line: '0', account, data, extended: [] });

type Row = Record<string, unknown>;
const str = (v: unknown) => (v as { val?: string } | undefined)?.val ?? (v as string | undefined);

test(
  'received events raise, and their restores clear, alarms of accounts that are no device',
  {
    timeout: 120_000,
  },
  async () => {
    const site = join(root, 'yard.yaml');
    writeFileSync(
      site,
      [
        'site: {id: yard, name: Yard, tz: UTC}',
        'devices:',
        '  - {id: pir-1, profile: pir-detector, parameters: {armedSchedule: never, randomFaults: false}}',
        'server:',
        '  sia:',
        '    receiver:',
        '      accounts: {"1001": {device: pir-1, supervision: {intervalS: 3600}}, "2001": {}}',
        '      alarms: {FA: warning, YT: false}',
        '',
      ].join('\n'),
    );
    const yard = await startPointyard(join(root, 'data'), { site });
    try {
      const { fetch } = await haystackLogin(yard.url, 'admin', ADMIN_PASSWORD);
      const alarms = async (): Promise<Row[]> => {
        const answer = await callOp(yard.url, fetch, 'alarms', 'ver:"3.0"\nstate\n"open"\n');
        assert.equal(answer.error, null, answer.text);
        return rowsOf(answer.grid).filter((r) => r.source !== undefined);
      };
      const panel = await TcpPanel.connect(receiverPort(yard.banner));
      let answers = 0;
      const send = async (account: string, sequence: number, data: string) => {
        await panel.write(frame(account, sequence, data));
        const all = await panel.answers(++answers);
        assert.match(all.at(-1) as string, /"ACK"/, `answer to ${data}`);
      };

      // The ACK comes once the alarm is saved: it is there at once.
      await send('2001', 1, '#2001|Nri1/BA003^Hall^');
      const [raised] = await alarms();
      assert.ok(raised);
      assert.equal(str(raised.dis), 'Burglary alarm, account 2001, zone 003 (Hall)');
      assert.equal(str(raised.source), 'SIA account 2001');
      assert.equal(str(raised.val), 'BA');
      assert.equal(str(raised.severity), 'alarm');
      assert.equal(str(raised.state), 'active');
      assert.equal(raised.point, undefined, 'no point of the site');

      await send('2001', 1, '#2001|Nri1/BA003^Hall^'); // a resend (its ACK lost): no second alarm
      assert.equal((await alarms()).length, 1);
      await send('2001', 2, '#2001|Nri1/YT000'); // YT: false in this site
      await send('1001', 1, '#1001|Nri1/BA001'); // pir-1's account: its points raise its alarms
      await send('2001', 3, '#2001|Nri1/FA007');
      const [fire, burglary] = await alarms();
      assert.equal(str(fire?.severity), 'warning');
      assert.equal(str(fire?.dis), 'Fire alarm, account 2001, zone 007');
      assert.equal(str(burglary?.val), 'BA');

      const id = (burglary?.id as { val: string }).val;
      const ack = await callOp(yard.url, fetch, 'alarmAck', `ver:"3.0"\nid\n@${id}\n`);
      assert.equal(ack.error, null, ack.text);
      await send('2001', 4, '#2001|Nri1/BR003');
      const closed = await callOp(yard.url, fetch, 'alarms', 'ver:"3.0"\nstate\n"cleared"\n');
      assert.equal(closed.error, null, closed.text);
      const cleared = rowsOf(closed.grid).find((r) => str(r.val) === 'BA');
      assert.ok(cleared?.clearedAt, 'the restore cleared it');
      assert.deepEqual(
        (await alarms()).map((r) => str(r.val)),
        ['FA'],
        'cleared and acknowledged: no longer open',
      );
      panel.close();
      assert.equal(await yard.stop(), 0);
    } finally {
      await yard.stop('SIGKILL');
    }
  },
);
