// The BACnet server's settings (site file `server.bacnet`, start's flags over it, every problem named), and
// the server service started the way `pointyard start` starts it: on a running demo site's services, the
// application built by the factory with the outbound port, found by a global Who-Is, then closed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { VirtualClock } from '../../src/core/clock.js';
import { BACNET_DEFAULTS, bacnetSettings } from '../../src/protocols/bacnet/bacnet-settings.js';
import { encodeWhoIs, GLOBAL_NETWORK, UnconfirmedService } from '../../src/protocols/bacnet/codec/index.js';
import { bacnetServerService, ipDeviceIdOf } from '../../src/protocols/bacnet/server-service.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { demoDevices, demoSite, RawPeer, T0, TestApplication } from '../support/bacnet-network.js';

const siteWith = (bacnet: unknown) => {
  const site = demoSite();
  return { ...site, server: bacnet === undefined ? {} : { bacnet } };
};
const quiet = { info() {}, warn() {}, error() {} };

describe('BACnet settings', () => {
  test('defaults: on, 127.0.0.1:47808, virtual network 2 behind IP network 1, operator writes', () => {
    const { settings, problems } = bacnetSettings(siteWith(undefined), {});
    assert.deepEqual(problems, []);
    assert.deepEqual(settings, { enabled: true, ...BACNET_DEFAULTS });
    assert.equal(BACNET_DEFAULTS.port, 47808);
    assert.equal(BACNET_DEFAULTS.network, 2);
    assert.equal(BACNET_DEFAULTS.role, 'operator');
  });

  test('every key of server.bacnet; the flags win over the file, --host over the file’s host', () => {
    const raw = {
      host: '0.0.0.0',
      port: 47809,
      network: 700,
      ipNetwork: 5,
      broadcast: '10.0.0.255',
      role: 'admin',
      vendorId: 999,
      vendorName: 'Acme',
      foreignDevice: null,
    };
    const file = bacnetSettings(siteWith(raw), {});
    assert.deepEqual(file.problems, []);
    assert.deepEqual(file.settings, { enabled: true, ...raw });
    const flags = bacnetSettings(siteWith(raw), { host: '127.0.0.2', port: 0 }, '127.0.0.3');
    assert.ok(flags.settings.enabled && flags.settings.host === '127.0.0.2' && flags.settings.port === 0);
    const common = bacnetSettings(siteWith(raw), {}, '127.0.0.3');
    assert.ok(common.settings.enabled && common.settings.host === '127.0.0.3');
    assert.deepEqual(bacnetSettings(siteWith(raw), { enabled: false }).settings, { enabled: false });
    assert.deepEqual(bacnetSettings(siteWith({ enabled: false }), {}).settings, { enabled: false });
  });

  test('every bad key is named with what it must be', () => {
    const { problems } = bacnetSettings(
      siteWith({
        port: 'x',
        network: 0,
        ipNetwork: 65535,
        host: 'localhost',
        role: 'root',
        vendorId: -1,
        colour: 1,
      }),
      {},
    );
    assert.deepEqual(problems, [
      'colour is not a BACnet setting (known: enabled, host, port, network, ipNetwork, broadcast, role, vendorId, vendorName, foreignDevice)',
      'host must be an IPv4 address such as 127.0.0.1 or 0.0.0.0, not "localhost"',
      'port must be an integer from 0 to 65535, not "x"',
      'network must be an integer from 1 to 65534, not 0',
      'ipNetwork must be an integer from 1 to 65534, not 65535',
      'role must be viewer, operator or admin, not "root"',
      'vendorId must be an integer from 0 to 65535, not -1',
    ]);
    assert.deepEqual(bacnetSettings(siteWith({ network: 1 }), {}).problems, [
      "network 1 is the IP side's (ipNetwork): the virtual network needs a number of its own",
    ]);
  });

  test('the service: --bacnet-port, --bacnet-host, --bacnet-bbmd, --no-bacnet; null settings when off', () => {
    const service = bacnetServerService(() => new TestApplication([]));
    assert.deepEqual(
      service.options.map((o) => o.flags),
      ['--bacnet-port <port>', '--bacnet-host <address>', '--bacnet-bbmd <ip[:port]>', '--no-bacnet'],
    );
    assert.equal(service.options[0]?.parse?.('47810'), 47810);
    assert.throws(() => service.options[0]?.parse?.('70000'));
    const on = service.settings(siteWith(undefined), { bacnetPort: 0, bacnetHost: '127.0.0.2' }, {});
    assert.ok(on.settings);
    assert.equal(service.where(on.settings), '127.0.0.2:0');
    assert.equal(service.settings(siteWith(undefined), { bacnet: false }, {}).settings, null);
  });

  test('the parking server (the System Enable’s device) answers on the IP network', () => {
    assert.equal(ipDeviceIdOf(demoSite()), 'parking-server');
  });
});

describe('BACnet server service on a running site', () => {
  test('start builds the application with the site’s services and the outbound port, answers a global Who-Is for every device, close stops it', async () => {
    const site = demoSite();
    const runtime = await Runtime.open({
      site,
      store: new MemoryStore(),
      clock: new VirtualClock(T0),
      seed: 1,
    });
    const peer = await RawPeer.open();
    const requests: string[] = [];
    let built: { services: unknown; outbound: unknown } | null = null;
    const service = bacnetServerService((services, outbound) => {
      built = { services, outbound };
      return new TestApplication(demoDevices(services.site));
    });
    const { settings } = service.settings(site, { bacnetPort: 0 }, { host: '127.0.0.1' });
    assert.ok(settings);
    const started = await service.start(settings, {
      services: runtime.services,
      log: quiet,
      onRequest: (address) => requests.push(address),
      onConnection() {},
    });
    try {
      assert.ok(built);
      assert.equal((built as { services: unknown }).services, runtime.services);
      assert.ok((built as { outbound: unknown }).outbound);
      assert.match(started.address, /^127\.0\.0\.1:\d+$/);
      const [address, port] = started.address.split(':');
      peer.send(
        {
          bvlc: 'original-broadcast',
          npdu: {
            expectingReply: false,
            priority: 0,
            destination: { network: GLOBAL_NETWORK, address: new Uint8Array(0) },
            hopCount: 255,
          },
          body: {
            apdu: { type: 'unconfirmed-request', service: UnconfirmedService.WHO_IS, body: encodeWhoIs({}) },
          },
        },
        { address: address as string, port: Number(port) },
      );
      const iAms = await peer.waitFor((f) => f.apdu?.type === 'unconfirmed-request', site.devices.length);
      assert.equal(iAms.length, site.devices.length);
      assert.deepEqual(requests, ['127.0.0.1']);
      // An announcement is no client's request: not counted.
      peer.send(
        {
          bvlc: 'original-broadcast',
          npdu: { expectingReply: false, priority: 0 },
          body: { networkMessage: { type: 'i-am-router-to-network', networks: [9] } },
        },
        { address: address as string, port: Number(port) },
      );
      peer.send(
        {
          bvlc: 'original-broadcast',
          npdu: { expectingReply: false, priority: 0 },
          body: { networkMessage: { type: 'who-is-router-to-network' } },
        },
        { address: address as string, port: Number(port) },
      );
      await peer.waitFor((f) => f.networkMessage?.type === 'i-am-router-to-network');
      assert.deepEqual(requests, ['127.0.0.1', '127.0.0.1']);
    } finally {
      await started.close(0);
      await peer.close();
      await runtime.stop();
    }
  });
});
