// Link supervision on the receiver side, on a virtual clock: the SIA plug-in's server on a running site (PIR
// detectors in the runtime), its receiver on loopback, a panel sending NULL link tests over TCP. An account
// not heard from within interval + grace is lost: its detector's Communication Status turns FAULT (an
// alarm), the receiver's status says since when; its next message restores it at once. An account with no
// device is only shown lost.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pirDetectorBehaviour } from '../../src/behaviours/pir-detector/behaviour.js';
import { VirtualClock } from '../../src/core/clock.js';
import { encodeFrame } from '../../src/protocols/sia/codec/frame.js';
import { siaServerService } from '../../src/protocols/sia/server-service.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { makeSite, T0 } from '../runtime/site-fixture.js';
import { TcpPanel } from './sia-receiver-rig.js';
import { quietLog } from './sia-transmitter-rig.js';

const S = 1000;
const STEP = 100;
const quiet = {
  passagesPerHourOffice: 0,
  passagesPerHourOther: 0,
  petPassagesPerHour: 0,
  randomFaults: false,
  armedSchedule: 'never',
};

const nullFrame = (account: string, sequence: number) =>
  encodeFrame({ token: 'NULL', encrypted: false, sequence, line: '0', account, data: '', extended: [] });

interface AccountLink {
  account: string;
  device: string | null;
  state: string;
  lastHeard: string;
  lostSince?: string;
  losses: number;
}

test('an account silent past interval + grace: its detector FAULT (an alarm); its next message: OK', async () => {
  const site = makeSite([
    ['pir-1', 'pir-detector', quiet],
    ['pir-2', 'pir-detector', quiet],
  ]);
  site.server.sia = {
    receiver: {
      supervision: { intervalS: 60, graceS: 30 },
      accounts: {
        '1001': { device: 'pir-1' },
        '1002': { device: 'pir-2' },
        '1003': {},
        '1004': { supervision: false },
      },
    },
  };
  const { settings, problems } = siaServerService.settings(site, { siaPort: 0 }, {});
  assert.deepEqual(problems, []);
  assert.ok(settings);
  const clock = new VirtualClock(T0);
  const runtime = await Runtime.open({
    site,
    store: new MemoryStore(),
    clock,
    seed: 1,
    behaviourFor: () => pirDetectorBehaviour as never,
  });
  runtime.start();
  const server = await siaServerService.start(settings, {
    services: runtime.services,
    log: quietLog,
    onRequest() {},
    onConnection() {},
  });
  const port = Number(server.address.split(':').pop());
  const panel = await TcpPanel.connect(port);
  let answers = 0;
  const send = async (account: string) => {
    await panel.write(nullFrame(account, answers + 1));
    const all = await panel.answers(++answers);
    assert.match(all[answers - 1] as string, new RegExp(`"ACK"\\d{4}L0#${account}\\[\\]`));
  };
  const value = (key: string) => runtime.points.value(runtime.points.indexOf(key) as number);
  const links = () =>
    Object.fromEntries(
      ((server.status?.() as { supervision: AccountLink[] }).supervision ?? []).map((a) => [a.account, a]),
    );
  try {
    assert.deepEqual(Object.keys(links()), ['1001', '1002', '1003'], '1004 is not supervised');
    clock.advanceTo(T0 + 89 * S);
    await send('1001');
    clock.advanceTo(T0 + 90 * S - 1);
    assert.equal(links()['1002']?.state, 'ok', 'not lost before interval + grace');
    clock.advanceTo(T0 + 90 * S + STEP);
    assert.equal(value('pir-2.communication-status'), 'FAULT');
    assert.equal(value('pir-2.detector-status'), 'FAULT');
    assert.equal(value('pir-1.communication-status'), 'OK', 'heard at 89 s: due by 179 s');
    const lost = links();
    assert.deepEqual(
      [lost['1002']?.state, lost['1002']?.lostSince, lost['1002']?.lastHeard, lost['1002']?.losses],
      ['lost', new Date(T0 + 90 * S).toISOString(), new Date(T0).toISOString(), 1],
    );
    assert.deepEqual([lost['1003']?.state, lost['1003']?.device], ['lost', null]);
    await runtime.alarms.settled();
    assert.ok(
      runtime.alarms.list().some((a) => a.key === 'pir-2.communication-status' && a.state === 'active'),
      'Communication Status FAULT raises an alarm',
    );

    clock.advanceTo(T0 + 179 * S + STEP);
    assert.equal(value('pir-1.communication-status'), 'FAULT', '1001 silent since 89 s');

    await send('1002');
    assert.equal(links()['1002']?.state, 'ok', 'restored by its next message, at once');
    clock.advance(STEP);
    assert.equal(value('pir-2.communication-status'), 'OK');
    assert.equal(value('pir-1.communication-status'), 'FAULT');
    assert.equal(links()['1003']?.state, 'lost');
    // Heard again, the account is given a whole interval + grace from its message.
    clock.advance(89 * S);
    assert.equal(value('pir-2.communication-status'), 'OK');
    clock.advance(2 * S);
    assert.equal(value('pir-2.communication-status'), 'FAULT');
    assert.equal(links()['1002']?.losses, 2);
  } finally {
    panel.close();
    await server.close(0);
    await runtime.stop();
  }
});
