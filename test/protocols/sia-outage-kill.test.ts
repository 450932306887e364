// Two whole Pointyards as real processes: a transmitting site (six PIR detectors, the transmitter only) and
// an alarm receiving centre (the receiver only). Tamper faults injected on pir-2 and pir-3 reach the receiver;
// the receiver is stopped (an outage) while more are raised, the transmitting Pointyard is killed (kill -9)
// with them queued, then both start again: every report is in the receiver's log once, in order per account,
// and the transmitter's queue is empty, each report recorded as delivered.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openStore } from '../../src/store/open.js';
import { type RunningPointyard, startPointyard } from '../support/running-pointyard.js';
import { adminOf, receiverEvents, receiverPort, transmitterQueued, until } from './sia-pointyard-rig.js';
import { receivedReports } from './sia-store-log.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-sia-outage-'));
after(() => rmSync(root, { recursive: true, force: true }));
const ACCOUNTS = ['1001', '1002', '1003', '1004', '1005', '1006'];

const receiverSite = join(root, 'arc.yaml');
writeFileSync(
  receiverSite,
  [
    'site: {id: arc, name: Alarm receiving centre, tz: UTC}',
    'devices:',
    '  - {id: pir-9, profile: pir-detector, parameters: {armedSchedule: never, randomFaults: false}}',
    'server:',
    '  sia:',
    '    receiver:',
    `      accounts: {${ACCOUNTS.map((a) => `"${a}": {}`).join(', ')}}`,
    '',
  ].join('\n'),
);

/** The transmitting site: its detectors report to the receiver at `port`, retrying every half second. */
function transmitterSite(port: number): string {
  const file = join(root, 'yard.yaml');
  writeFileSync(
    file,
    [
      'site: {id: yard, name: Yard, tz: UTC}',
      'devices:',
      '  - id: pir-{n}',
      '    count: 6',
      '    profile: pir-detector',
      '    parameters: {armedSchedule: never, randomFaults: false}',
      'server:',
      '  sia:',
      '    transmitter:',
      `      receivers: {primary: {host: 127.0.0.1, port: ${port}, transport: tcp}}`,
      '      perZone: {base: "1000", zones: [1, 2, 3, 4, 5, 6]}',
      '      ackTimeoutMs: 2000',
      '      maxBackoffMs: 500',
      '',
    ].join('\n'),
  );
  return file;
}

test(
  'a receiver outage and a kill -9 of the transmitting Pointyard: every report once, in order',
  { timeout: 240_000 },
  async () => {
    const arcData = join(root, 'arc');
    const yardData = join(root, 'yard');
    const running: RunningPointyard[] = [];
    const start = async (data: string, site: string, args: string[] = []) => {
      const p = await startPointyard(data, { site, args });
      running.push(p);
      return p;
    };
    try {
      const arc = await start(arcData, receiverSite);
      const port = receiverPort(arc.banner);
      const yardSite = transmitterSite(port);
      const yard = await start(yardData, yardSite);
      assert.ok(!yard.banner.some((l) => l.startsWith('SIA DC-09 receiver')), 'the transmitter alone');
      assert.ok(
        yard.banner.includes(
          `SIA DC-09 transmitter: SIA-DCS to primary tcp 127.0.0.1:${port}; one account per zone from 1000`,
        ),
        yard.banner.join('\n'),
      );
      const arcAdmin = await adminOf(arc);
      const yardAdmin = await adminOf(yard);

      await yardAdmin.fault('pir-2', 'tamper');
      await until('TA of 1002 at the receiver', async () => {
        return (receiverEvents(await arcAdmin.siaStatus())['1002'] ?? 0) === 1;
      });

      // The outage: the receiver stops; the detectors go on reporting.
      assert.equal(await arc.stop(), 0);
      // Each fault waits for its report to be queued: a fault cleared and set again within one step of the
      // detector would be no change at all.
      const queuedAfter = async (device: string, clear: boolean, account: string, count: number) => {
        await yardAdmin.fault(device, 'tamper', clear);
        let seen: Record<string, number> = {};
        await until(
          () => `${count} queued for ${account}: ${JSON.stringify(seen)}`,
          async () => {
            seen = transmitterQueued(await yardAdmin.siaStatus());
            return seen[account] === count;
          },
        );
      };
      await queuedAfter('pir-2', true, '1002', 2);
      await queuedAfter('pir-3', false, '1003', 1);
      await queuedAfter('pir-3', true, '1003', 2);
      await queuedAfter('pir-2', false, '1002', 3);
      // Queued, not delivered: the transmitting Pointyard dies with them.
      await yard.stop('SIGKILL');

      const arc2 = await start(arcData, receiverSite, ['--sia-port', String(port)]);
      assert.equal(receiverPort(arc2.banner), port);
      const yard2 = await start(yardData, yardSite);
      const arc2Admin = await adminOf(arc2);
      await until('the queued reports at the receiver', async () => {
        const events = receiverEvents(await arc2Admin.siaStatus());
        return events['1002'] === 2 && events['1003'] === 2;
      });
      assert.equal(await yard2.stop(), 0);
      assert.equal(await arc2.stop(), 0);
    } finally {
      for (const p of running) await p.stop('SIGKILL');
    }

    const logged = await receivedReports(arcData);
    const byAccount = (account: string) => logged.filter((r) => r.account === account);
    assert.deepEqual(
      byAccount('1002').map((r) => [r.zone, r.code]),
      [
        ['002', 'TA'],
        ['002', 'TR'],
        ['002', 'TA'],
      ],
    );
    assert.deepEqual(
      byAccount('1003').map((r) => [r.zone, r.code]),
      [
        ['003', 'TA'],
        ['003', 'TR'],
      ],
    );
    assert.equal(logged.length, 5, 'nothing else, nothing twice');

    // The transmitter's side: nothing left queued; each report delivered once, in the order it was queued.
    const store = await openStore({ path: yardData });
    try {
      for (const account of ['1002', '1003']) {
        assert.deepEqual(await store.alarmReports.pending(account), []);
        const delivered = (await store.alarmReports.delivered({ account })).sort((a, b) => a.seq - b.seq);
        assert.deepEqual(
          delivered.map((d) => d.report.code),
          byAccount(account).map((r) => r.code),
        );
        assert.deepEqual(
          byAccount(account).map((r) => r.sequence),
          delivered.map((d) => ((d.seq - 1) % 9999) + 1),
          'the sequence numbers the receiver logged are those of the queue, in order',
        );
      }
    } finally {
      await store.close();
    }
  },
);
