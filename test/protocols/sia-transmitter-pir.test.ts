// The transmitter on a running site: real PIR detectors (their behaviour on a virtual clock, in a site
// started in process over SQLite) raise CA at the armed schedule and TA/TR for an injected tamper fault; the
// transmitter follows them through the services facade and delivers them to a loopback receiver, one
// account per zone.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { VirtualClock } from '../../src/core/clock.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { startTransmitter } from '../../src/protocols/sia/transmitter/transmitter.js';
import { transmitterSettings } from '../../src/protocols/sia/transmitter/transmitter-settings.js';
import { startServer } from '../../src/server.js';
import { loadSiteText } from '../../src/site/load.js';
import { quietLog, TestReceiver, until } from './sia-transmitter-rig.js';

const SITE = `
site: { id: sia-tx, name: SIA transmitter test, tz: UTC }
devices:
  - id: pir-2
    name: Stairs North
    profile: pir-detector
    parameters: { passagesPerHourOffice: 0, passagesPerHourOther: 0, petPassagesPerHour: 0, randomFaults: false }
  - id: pir-5
    profile: pir-detector
    parameters: { passagesPerHourOffice: 0, passagesPerHourOther: 0, petPassagesPerHour: 0, randomFaults: false }
`;

test("a running site's detectors report to the receiver through the transmitter", async () => {
  const root = mkdtempSync(join(tmpdir(), 'pointyard-sia-tx-site-'));
  const receiver = await TestReceiver.start({
    transport: 'tcp',
    accounts: [{ account: '2002' }, { account: '2005' }],
  });
  const { site, diagnostics } = loadSiteText(SITE, 'sia-tx.yaml', root, PROTOCOLS);
  assert.ok(site, diagnostics.map((d) => d.message).join('\n'));
  // Monday 5 January 2026, 18:59:50 UTC: the armed schedule closes the zones at 19:00.
  const clock = new VirtualClock(Date.UTC(2026, 0, 5, 18, 59, 50));
  const server = await startServer({
    site,
    dataDir: join(root, 'data'),
    sqlite: { acceptNewDatabase: true },
    clock,
    seed: 1,
    log: quietLog,
    http: null,
    servers: {},
    env: { POINTYARD_ADMIN_PASSWORD: 'a long test password' },
  });
  const services = server.runtime.services;
  const { settings, problems } = transmitterSettings(
    { receivers: { primary: { host: '127.0.0.1', port: receiver.port } }, perZone: { base: '2000' } },
    site,
    {},
  );
  assert.deepEqual(problems, []);
  const tx = await startTransmitter(services, settings as NonNullable<typeof settings>, quietLog);
  const run = async (ms: number) => {
    for (let t = 0; t < ms; t += 100) {
      await clock.advance(100);
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  try {
    await run(11_000);
    assert.equal(await services.faults.set('pir-5', 'tamper', true, 'test'), null);
    await run(500);
    assert.equal(await services.faults.set('pir-5', 'tamper', false, 'test'), null);
    await run(500);
    await until('CA, CA, TA, TR acknowledged', () => receiver.distinct().length === 4);
    const got = receiver.distinct().map((e) => `${e.account} ${e.code}${e.zone}`);
    assert.deepEqual(
      got.filter((e) => e.startsWith('2002')),
      ['2002 CA002'],
    );
    assert.deepEqual(
      got.filter((e) => e.startsWith('2005')),
      ['2005 CA005', '2005 TA005', '2005 TR005'],
    );
    assert.ok(receiver.frames.some((f) => f.includes('[LStairs North]')));
    const delivered = await services.alarmReports.delivered();
    assert.deepEqual(delivered.map((d) => `${d.report.device} ${d.report.code} ${d.report.point}`).sort(), [
      'pir-2 CA null',
      'pir-5 CA null',
      'pir-5 TA tamper-status',
      'pir-5 TR tamper-status',
    ]);
  } finally {
    await tx.close();
    await server.stop();
    await receiver.stop();
    rmSync(root, { recursive: true, force: true });
  }
});
