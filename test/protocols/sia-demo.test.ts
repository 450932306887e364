// The demo as `npm start` runs it (here on free ports, --sia-port 0): its built-in receiver listens where
// the banner says, its transmitter sends to that very port (`host: builtin`), and a tamper injected on pir-2
// reaches the receiver as TA on account 1002, zone 002, its clearing as TR: both in the store's received log,
// in order, once.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { startPointyard } from '../support/running-pointyard.js';
import { adminOf, receiverEvents, receiverPort, until } from './sia-pointyard-rig.js';
import { receivedReports } from './sia-store-log.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-sia-demo-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('the demo’s detectors report to its own receiver', { timeout: 120_000 }, async () => {
  const data = join(root, 'data');
  const demo = await startPointyard(data);
  try {
    const port = receiverPort(demo.banner);
    assert.ok(
      demo.banner.includes(
        `SIA DC-09 transmitter: SIA-DCS to primary tcp 127.0.0.1:${port} (built-in receiver); one account per zone from 1000`,
      ),
      demo.banner.join('\n'),
    );
    const admin = await adminOf(demo);
    const before = receiverEvents(await admin.siaStatus())['1002'] ?? 0;
    await admin.fault('pir-2', 'tamper');
    await until(
      'TA at the receiver',
      async () => (receiverEvents(await admin.siaStatus())['1002'] ?? 0) > before,
    );
    await admin.fault('pir-2', 'tamper', true);
    await until('TR at the receiver', async () => {
      const events = receiverEvents(await admin.siaStatus())['1002'] ?? 0;
      return events > before + 1;
    });
    const status = await admin.siaStatus();
    const tx = status.transmitter as { receivers: Array<{ port: number }>; dropped: number };
    assert.equal(tx.receivers[0]?.port, port);
    assert.equal(tx.dropped, 0);
    assert.equal(await demo.stop(), 0);
  } finally {
    await demo.stop('SIGKILL');
  }
  const reports = await receivedReports(data, { account: '1002' });
  const tamper = reports.filter((r) => r.code === 'TA' || r.code === 'TR');
  assert.deepEqual(
    tamper.map((r) => [r.account, r.zone, r.code, r.transport]),
    [
      ['1002', '002', 'TA', 'tcp'],
      ['1002', '002', 'TR', 'tcp'],
    ],
  );
  const sequences = reports.map((r) => r.sequence);
  assert.deepEqual(
    sequences,
    [...new Set(sequences)].sort((a, b) => a - b),
    'once each, in order',
  );
});
