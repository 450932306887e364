// Pointyard as a foreign device of a BBMD (Annex J.5.2), over real UDP on loopback with the timers on a
// virtual clock: the BBMD is played by a socket of this test that decodes what it gets with the codec and
// answers BVLC-Result OK, NAK or nothing. Registration at start, again before the time-to-live runs out,
// NAK and no answer logged and tried again with a back-off, broadcasts (the I-Am of a global Who-Is the BBMD
// forwarded, I-Am-Router-To-Network) sent to the BBMD as Distribute-Broadcast-To-Network while registered,
// the settings and their messages, the start banner; and the frames of a session read by tshark.
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { VirtualClock } from '../../src/core/clock.js';
import { BACNET_DEFAULTS, bacnetSettings, bbmdAddress } from '../../src/protocols/bacnet/bacnet-settings.js';
import {
  type Apdu,
  type BipAddress,
  BvlcResultCode,
  decodeFrame,
  decodeIAm,
  encodeBvlc,
  encodeFrame,
  encodeWhoIs,
  type Frame,
  type FrameToSend,
  GLOBAL_NETWORK,
  UnconfirmedService,
} from '../../src/protocols/bacnet/codec/index.js';
import { RETRY_FIRST_MS, reRegisterAfterMs } from '../../src/protocols/bacnet/foreign-device.js';
import {
  bacnetServerService,
  ipDeviceIdOf,
  startBacnetNetwork,
} from '../../src/protocols/bacnet/server-service.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import {
  demoDevices,
  demoSite,
  FAST_TIMING,
  RawPeer,
  T0,
  TestApplication,
} from '../support/bacnet-network.js';
import { bvlcProblems, dissect, pcapFile, tsharkMissing, udpPacket } from '../support/pcap.js';
import { peerSkip } from '../support/peers.js';

type Answer = 'ok' | 'nak' | 'none';

/** A BBMD played by a socket: keeps every datagram it gets, answers Register-Foreign-Device as told. */
class TestBbmd {
  readonly received: Array<{ frame: Frame; raw: Buffer; from: BipAddress }> = [];
  /** Every datagram between the BBMD and the server, in order, for the capture. */
  readonly wire: Array<{ fromBbmd: boolean; raw: Buffer }> = [];
  answer: Answer = 'ok';

  private constructor(private readonly socket: dgram.Socket) {
    socket.on('message', (raw, rinfo) => {
      const decoded = decodeFrame(raw);
      assert.ok(decoded.ok, 'the BBMD decodes every datagram it gets');
      const from = { address: rinfo.address, port: rinfo.port };
      this.received.push({ frame: decoded.value, raw, from });
      this.wire.push({ fromBbmd: false, raw });
      if (decoded.value.bvlc.function === 'register-foreign-device' && this.answer !== 'none')
        this.send(
          encodeBvlc({
            function: 'result',
            code:
              this.answer === 'ok'
                ? BvlcResultCode.SUCCESSFUL_COMPLETION
                : BvlcResultCode.REGISTER_FOREIGN_DEVICE_NAK,
          }),
          from,
        );
    });
  }

  static async open(): Promise<TestBbmd> {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return new TestBbmd(socket);
  }

  get address(): BipAddress {
    const a = this.socket.address();
    return { address: a.address, port: a.port };
  }

  send(datagram: Buffer, to: BipAddress): void {
    this.wire.push({ fromBbmd: true, raw: datagram });
    this.socket.send(datagram, to.port, to.address);
  }

  registrations(): number[] {
    return this.received.flatMap((r) =>
      r.frame.bvlc.function === 'register-foreign-device' ? [r.frame.bvlc.ttl] : [],
    );
  }

  /** The received frames that match, once there are `count` of them (polls every 5 ms, 2 s at most). */
  async waitFor(match: (f: Frame) => boolean, count = 1): Promise<Frame[]> {
    for (let i = 0; i < 400; i++) {
      const found = this.received.filter((r) => match(r.frame)).map((r) => r.frame);
      if (found.length >= count) return found;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    assert.fail(
      `the BBMD expected ${count} matching frame(s), got ${this.received.filter((r) => match(r.frame)).length}`,
    );
  }

  /**
   * Sends a marker to the server and waits for its answer: every datagram the server sent before is in by
   * then, and every one this socket sent before has been taken. The marker's answer is not kept.
   */
  async settle(server: { address: BipAddress }): Promise<void> {
    const isMarker = (f: Frame) =>
      f.bvlc.function === 'original-unicast' && f.networkMessage?.type === 'i-am-router-to-network';
    const marker = encodeFrame({
      bvlc: 'original-unicast',
      npdu: { expectingReply: false, priority: 0 },
      body: { networkMessage: { type: 'who-is-router-to-network', network: 2 } },
    });
    this.socket.send(marker, server.address.port, server.address.address);
    await this.waitFor(isMarker);
    const markers = this.received.filter((r) => isMarker(r.frame));
    for (const m of markers) {
      this.received.splice(this.received.indexOf(m), 1);
      this.wire.splice(
        this.wire.findIndex((w) => w.raw === m.raw),
        1,
      );
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

const isRegister = (f: Frame) => f.bvlc.function === 'register-foreign-device';
const isIAm = (f: Frame) =>
  f.apdu?.type === 'unconfirmed-request' && f.apdu.service === UnconfirmedService.I_AM;

const whoIs: Apdu = {
  type: 'unconfirmed-request',
  service: UnconfirmedService.WHO_IS,
  body: encodeWhoIs({}),
};
const globalWhoIs = (bvlc: FrameToSend['bvlc']): FrameToSend => ({
  bvlc,
  npdu: {
    expectingReply: false,
    priority: 0,
    destination: { network: GLOBAL_NETWORK, address: new Uint8Array(0) },
    hopCount: 255,
  },
  body: { apdu: whoIs },
});

/** The network side on the demo devices, a foreign device of `bbmd`, its timers on a virtual clock. */
async function foreignNetwork(bbmd: TestBbmd, ttl = 300) {
  const site = demoSite();
  const devices = demoDevices(site);
  const clock = new VirtualClock(T0);
  const warnings: string[] = [];
  const notes: string[] = [];
  const network = await startBacnetNetwork({
    host: '127.0.0.1',
    port: 0,
    network: 2,
    ipNetwork: 1,
    broadcast: '127.0.0.1',
    ipDeviceId: ipDeviceIdOf(site),
    application: () => new TestApplication(devices),
    clock,
    timing: FAST_TIMING,
    log: (line) => warnings.push(line),
    note: (line) => notes.push(line),
    foreignDevice: { bbmd: bbmd.address, ttl },
  });
  const registration = network.foreignDevice ?? assert.fail('a registration');
  return { devices, clock, network, registration, warnings, notes };
}

describe('BACnet foreign-device registration with a BBMD over UDP', () => {
  test('registers at start with its ttl, then again before the ttl runs out; once registered, I-Am-Router-To-Network goes to the BBMD as Distribute-Broadcast-To-Network', async () => {
    const bbmd = await TestBbmd.open();
    const net = await foreignNetwork(bbmd, 300);
    try {
      await bbmd.waitFor(isRegister);
      assert.deepEqual(bbmd.registrations(), [300]);
      await net.registration.firstOutcome();
      assert.equal(net.registration.registered, true);
      assert.deepEqual(net.registration.status, {
        bbmd: `127.0.0.1:${bbmd.address.port}`,
        ttl: 300,
        registered: true,
        outcome: 'registered',
        until: T0 + 300_000,
      });
      assert.match(
        net.registration.describe(),
        /foreign device of the BBMD at 127\.0\.0\.1:\d+ \(ttl 300 s\): registered/,
      );
      assert.ok(net.notes.some((l) => l.includes('registered as a foreign device')));
      const [announce] = await bbmd.waitFor((f) => f.networkMessage?.type === 'i-am-router-to-network');
      assert.equal(announce?.bvlc.function, 'distribute-broadcast');
      assert.deepEqual(announce?.networkMessage, { type: 'i-am-router-to-network', networks: [2] });

      // ttl 300: again at 150 s (ttl/2 is sooner than ttl − 30).
      assert.equal(reRegisterAfterMs(300), 150_000);
      net.clock.advance(150_000 - 1);
      await bbmd.settle(net.network);
      assert.equal(bbmd.registrations().length, 1);
      net.clock.advance(1);
      await bbmd.waitFor(isRegister, 2);
      await bbmd.settle(net.network);
      // Held without a gap: until one ttl after the second request.
      assert.equal(net.registration.status.until, T0 + 150_000 + 300_000);
      assert.deepEqual(net.warnings, []);
      // ttl 60: ttl − 30 is sooner than ttl/2.
      assert.equal(reRegisterAfterMs(60), 30_000);
    } finally {
      await net.network.close();
      await bbmd.close();
    }
  });

  test('a NAK and no answer are logged for people and tried again with a back-off; broadcasts stay local meanwhile', async () => {
    const bbmd = await TestBbmd.open();
    bbmd.answer = 'nak';
    const net = await foreignNetwork(bbmd);
    try {
      await net.registration.firstOutcome();
      assert.equal(net.registration.registered, false);
      assert.equal(net.registration.status.outcome, 'refused');
      assert.match(net.registration.describe(), /not registered, the BBMD refused \(NAK\)/);
      assert.match(
        net.warnings.at(-1) ?? '',
        /the BBMD at 127\.0\.0\.1:\d+ refused the foreign-device registration \(BVLC-Result Register-Foreign-Device-NAK.*trying again in 2 s/,
      );
      // Tried again after 2 s, then 4 s.
      net.clock.advance(RETRY_FIRST_MS);
      await bbmd.waitFor(isRegister, 2);
      await bbmd.settle(net.network);
      assert.match(net.warnings.at(-1) ?? '', /trying again in 4 s/);
      net.clock.advance(RETRY_FIRST_MS);
      await bbmd.settle(net.network);
      assert.equal(bbmd.registrations().length, 2, 'not before the back-off ends');

      // Then the BBMD says nothing: no answer within the APDU timeout, logged, tried again.
      bbmd.answer = 'none';
      net.clock.advance(RETRY_FIRST_MS);
      await bbmd.waitFor(isRegister, 3);
      net.clock.advance(FAST_TIMING.apduTimeoutMs);
      assert.equal(net.registration.status.outcome, 'no-answer');
      assert.match(
        net.warnings.at(-1) ?? '',
        /no answer from the BBMD at 127\.0\.0\.1:\d+ to Register-Foreign-Device within 1 s; broadcasts stay local meanwhile; trying again in 8 s/,
      );

      // Not registered: a Who-Is the BBMD forwards is answered at its original source, as without a BBMD.
      const origin = await RawPeer.open();
      try {
        bbmd.send(encodeFrame(globalWhoIs({ forwardedFrom: origin.address })), net.network.address);
        await origin.waitFor(isIAm, net.devices.length);
        await bbmd.settle(net.network);
        assert.equal(bbmd.received.filter((r) => isIAm(r.frame)).length, 0);
      } finally {
        await origin.close();
      }

      // The BBMD answers again: registered, the back-off starts over.
      bbmd.answer = 'ok';
      net.clock.advance(8_000);
      await bbmd.waitFor(isRegister, 4);
      await bbmd.waitFor((f) => f.bvlc.function === 'distribute-broadcast');
      assert.equal(net.registration.registered, true);
    } finally {
      await net.network.close();
      await bbmd.close();
    }
  });

  test('a global Who-Is the BBMD forwards gets its I-Ams as Distribute-Broadcast-To-Network to the BBMD; a local one, and one another station forwards, are answered at the asker', async () => {
    const bbmd = await TestBbmd.open();
    const net = await foreignNetwork(bbmd);
    const origin = await RawPeer.open();
    const other = await RawPeer.open();
    try {
      await net.registration.firstOutcome();
      assert.equal(net.registration.registered, true);
      bbmd.send(encodeFrame(globalWhoIs({ forwardedFrom: origin.address })), net.network.address);
      const iAms = await bbmd.waitFor(isIAm, net.devices.length);
      assert.ok(iAms.every((f) => f.bvlc.function === 'distribute-broadcast'));
      const instances = iAms.map((f) => {
        assert.ok(f.apdu?.type === 'unconfirmed-request');
        const d = decodeIAm(f.apdu.body);
        assert.ok(d.ok);
        return d.value.device.instance;
      });
      assert.deepEqual(
        instances.sort((a, b) => a - b),
        net.devices.map((d) => d.instance).sort((a, b) => a - b),
      );
      // Who-Is-Router-To-Network forwarded by the BBMD: I-Am-Router-To-Network through the BBMD too.
      bbmd.send(
        encodeFrame({
          bvlc: { forwardedFrom: origin.address },
          npdu: { expectingReply: false, priority: 0 },
          body: { networkMessage: { type: 'who-is-router-to-network' } },
        }),
        net.network.address,
      );
      await bbmd.waitFor(
        (f) =>
          f.networkMessage?.type === 'i-am-router-to-network' && f.bvlc.function === 'distribute-broadcast',
        2,
      );
      await origin.settle(net.network);
      assert.equal(origin.received.length, 0, 'nothing to the original source');

      // A Who-Is broadcast on the local subnet is answered at the asker, as without a BBMD.
      const before = bbmd.received.length;
      other.send(globalWhoIs('original-broadcast'), net.network.address);
      await other.waitFor(isIAm, net.devices.length);
      // A Forwarded-NPDU from a station that is not the BBMD: answered at its original source.
      other.send(globalWhoIs({ forwardedFrom: origin.address }), net.network.address);
      await origin.waitFor(isIAm, net.devices.length);
      await bbmd.settle(net.network);
      assert.equal(bbmd.received.length, before, 'nothing more to the BBMD');
    } finally {
      await origin.close();
      await other.close();
      await net.network.close();
      await bbmd.close();
    }
  });

  test('a BVLC-Result from another station is not the BBMD’s; a Distribute-Broadcast-To-Network NAK ends the registration and registers again at once', async () => {
    const bbmd = await TestBbmd.open();
    bbmd.answer = 'none';
    const net = await foreignNetwork(bbmd);
    const stranger = await RawPeer.open();
    try {
      await bbmd.waitFor(isRegister);
      stranger.sendRaw(encodeBvlc({ function: 'result', code: 0 }), net.network.address);
      await stranger.settle(net.network);
      assert.equal(net.registration.registered, false);
      bbmd.answer = 'ok';
      net.clock.advance(FAST_TIMING.apduTimeoutMs + RETRY_FIRST_MS);
      await bbmd.waitFor(isRegister, 2);
      await net.registration.firstOutcome();
      for (let i = 0; i < 400 && !net.registration.registered; i++)
        await new Promise((resolve) => setTimeout(resolve, 5));
      assert.equal(net.registration.registered, true);
      bbmd.send(
        encodeBvlc({ function: 'result', code: BvlcResultCode.DISTRIBUTE_BROADCAST_TO_NETWORK_NAK }),
        net.network.address,
      );
      await bbmd.waitFor(isRegister, 3);
      assert.ok(net.warnings.some((l) => l.includes('Distribute-Broadcast-To-Network-NAK')));
    } finally {
      await stranger.close();
      await net.network.close();
      await bbmd.close();
    }
  });
});

describe('BACnet foreign-device settings and start', () => {
  const siteWith = (bacnet: unknown) => ({ ...demoSite(), server: { bacnet } });

  test('server.bacnet.foreignDevice: bbmd with or without its port, ttl 300 by default; the flag wins over the file', () => {
    assert.equal(BACNET_DEFAULTS.foreignDevice, null);
    const plain = bacnetSettings(siteWith({ foreignDevice: { bbmd: '10.0.0.5' } }), {});
    assert.deepEqual(plain.problems, []);
    assert.ok(plain.settings.enabled);
    assert.deepEqual(plain.settings.foreignDevice, { bbmd: { address: '10.0.0.5', port: 47808 }, ttl: 300 });
    const full = bacnetSettings(siteWith({ foreignDevice: { bbmd: '10.0.0.5:47809', ttl: 600 } }), {});
    assert.ok(full.settings.enabled);
    assert.deepEqual(full.settings.foreignDevice, { bbmd: { address: '10.0.0.5', port: 47809 }, ttl: 600 });
    const flag = bacnetSettings(siteWith({ foreignDevice: { bbmd: '10.0.0.5', ttl: 600 } }), {
      bbmd: bbmdAddress('10.0.0.6:47810'),
    });
    assert.ok(flag.settings.enabled);
    assert.deepEqual(flag.settings.foreignDevice, { bbmd: { address: '10.0.0.6', port: 47810 }, ttl: 600 });
    const none = bacnetSettings(siteWith({ foreignDevice: null }), {});
    assert.ok(none.settings.enabled && none.settings.foreignDevice === null);
  });

  test('every bad foreign-device setting is named with what it must be', () => {
    const problems = (foreignDevice: unknown) => bacnetSettings(siteWith({ foreignDevice }), {}).problems;
    assert.deepEqual(problems('10.0.0.5'), [
      'foreignDevice must be a mapping such as { bbmd: 10.0.0.5:47808, ttl: 300 }, not "10.0.0.5"',
    ]);
    assert.deepEqual(problems({ ttl: 300 }), [
      'foreignDevice.bbmd is missing: the BBMD to register with, such as 10.0.0.5:47808',
    ]);
    assert.deepEqual(problems({ bbmd: 'bbmd.local', ttl: 30, colour: 1 }), [
      'foreignDevice.colour is not a foreign-device setting (known: bbmd, ttl)',
      'foreignDevice.ttl must be an integer from 60 to 65535, not 30',
      'foreignDevice.bbmd must be a BBMD\'s IPv4 address with an optional UDP port, such as 10.0.0.5 or 10.0.0.5:47808, not "bbmd.local"',
    ]);
    assert.equal(problems({ bbmd: '10.0.0.5:0' }).length, 1);
    assert.equal(problems({ bbmd: '0.0.0.0' }).length, 1);
    assert.equal(problems({ bbmd: '10.0.0.5:47808:1' }).length, 1);
    assert.throws(() => bbmdAddress('10.0.0.300'), /must be a BBMD's IPv4 address/);
  });

  test('--bacnet-bbmd registers with that BBMD; the start banner says whether the registration is held', async () => {
    const bbmd = await TestBbmd.open();
    const site = demoSite();
    const runtime = await Runtime.open({
      site,
      store: new MemoryStore(),
      clock: new VirtualClock(T0),
      seed: 1,
    });
    const service = bacnetServerService((services) => new TestApplication(demoDevices(services.site)));
    const option = service.options.find((o) => o.flags.startsWith('--bacnet-bbmd'));
    assert.ok(option?.parse);
    const { settings, problems } = service.settings(
      site,
      { bacnetPort: 0, bacnetBbmd: option.parse(`127.0.0.1:${bbmd.address.port}`) },
      { host: '127.0.0.1' },
    );
    assert.deepEqual(problems, []);
    assert.ok(settings);
    const info: string[] = [];
    const started = await service.start(settings, {
      services: runtime.services,
      log: { info: (line) => info.push(String(line)), warn() {}, error() {} },
      onRequest() {},
      onConnection() {},
    });
    try {
      assert.deepEqual(bbmd.registrations(), [300]);
      assert.equal(started.banner?.length, 2);
      assert.match(
        started.banner?.[1] ?? '',
        /^BACnet\/IP: foreign device of the BBMD at 127\.0\.0\.1:\d+ \(ttl 300 s\): registered$/,
      );
      assert.ok(info.some((l) => l.includes('registered as a foreign device')));
    } finally {
      await started.close(0);
      await runtime.stop();
      await bbmd.close();
    }
  });
});

const skip = peerSkip(tsharkMissing());
const SERVER = [192, 168, 1, 20];
const BBMD = [10, 0, 0, 5];

describe('BACnet foreign-device frames read by tshark', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'pointyard-bacnet-bbmd-pcap-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('Register-Foreign-Device, its BVLC-Results, a Forwarded-NPDU Who-Is and the Distribute-Broadcast-To-Network answers: none malformed', async () => {
    const bbmd = await TestBbmd.open();
    bbmd.answer = 'nak';
    const net = await foreignNetwork(bbmd);
    const origin = await RawPeer.open();
    try {
      await net.registration.firstOutcome();
      bbmd.answer = 'ok';
      net.clock.advance(RETRY_FIRST_MS);
      await bbmd.waitFor((f) => f.bvlc.function === 'distribute-broadcast');
      bbmd.send(encodeFrame(globalWhoIs({ forwardedFrom: origin.address })), net.network.address);
      await bbmd.waitFor(isIAm, net.devices.length);
    } finally {
      await origin.close();
      await net.network.close();
      await bbmd.close();
    }
    const packets = bbmd.wire.map((w) =>
      w.fromBbmd ? udpPacket(BBMD, SERVER, w.raw) : udpPacket(SERVER, BBMD, w.raw),
    );
    const file = join(dir, 'foreign-device.pcap');
    writeFileSync(file, pcapFile(packets));
    const dissected = dissect(file);
    assert.equal(dissected.length, packets.length, 'one dissection per frame');
    const problems: string[] = [];
    dissected.forEach((out, i) => {
      for (const why of bvlcProblems(out)) problems.push(`frame ${i + 1}: ${why}\n${out}`);
    });
    assert.deepEqual(problems, []);
    const text = dissected.join('\n');
    assert.match(text, /Register-Foreign-Device/);
    assert.match(text, /Register-Foreign-Device NAK/);
    assert.match(text, /Successful completion/i);
    assert.match(text, /Forwarded-NPDU/);
    assert.match(text, /Distribute-Broadcast-To-Network/);
    assert.match(text, /i-Am/);
    assert.match(text, /I-Am-Router-To-Network/);
  });
});
