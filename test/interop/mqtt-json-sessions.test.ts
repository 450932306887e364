// Interop: the JSON publisher over Pointyard's link without a disk backlog (as with the embedded broker), to
// a mosquitto that goes away and comes back, read with mosquitto_sub: every point at the start, every point
// again at a resync, nothing published while the broker is away, and every point (the change made meanwhile
// included) published again at the next session; `offline` at the close.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { JsonPublisher } from '../../src/protocols/mqtt/json/json-publisher.js';
import { ClientLink } from '../../src/protocols/mqtt/link/client-link.js';
import { linkCommands } from '../../src/protocols/mqtt/link/link-commands.js';
import { mqttSettings } from '../../src/protocols/mqtt/mqtt-settings.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { PointStore } from '../../src/runtime/point-store.js';
import { pointsService } from '../../src/runtime/services/points.js';
import type { Services } from '../../src/runtime/services/services.js';
import type { WritePath } from '../../src/runtime/write-path.js';
import { loadSite } from '../../src/site/load.js';
import { Mosquitto, mosquittoMissing } from '../support/mosquitto.js';
import { peerSkip } from '../support/peers.js';
import { BASE, Watch } from './mqtt-json-watch.js';

const skip = peerSkip(mosquittoMissing());
const quiet = { info() {}, warn() {}, error() {} };

describe('the JSON publisher across sessions of a link without a backlog', { skip }, () => {
  let broker: Mosquitto;
  const watches: Watch[] = [];
  const watch = () => {
    const w = new Watch(broker.port, [`${BASE}/#`]);
    watches.push(w);
    return w;
  };
  before(async () => {
    broker = await Mosquitto.start();
  });
  after(async () => {
    for (const w of watches) w.stop();
    await broker.dispose();
  });

  test('every point at the start, at a resync and at each new session; none while away', async () => {
    const site = loadSite('sites/demo.yaml', PROTOCOLS).site;
    assert.ok(site);
    const store = new PointStore(site, Date.now());
    // The publisher reads the site and its points (no command is sent here, so no write path is needed).
    const writes = { inForce: () => undefined, onInForceChange: () => () => {} } as unknown as WritePath;
    const services = { site, points: pointsService(store, writes) } as unknown as Services;
    const { settings, problems } = mqttSettings(site, { url: broker.url });
    assert.deepEqual(problems, []);
    assert.ok(settings?.json);
    const link = new ClientLink({
      url: broker.url,
      clientId: 'sessions',
      protocolVersion: 4,
      backlog: null,
      log: quiet,
    });
    const context = {
      services,
      settings,
      connection: { url: link.status().url, protocolVersion: 4 as const },
      link,
      commands: linkCommands(link, 'operator'),
      stateDir: null,
      log: quiet,
    };
    const publisher = new JsonPublisher(context, settings.json);
    const topics = Array.from({ length: store.size }, (_, i) => {
      const { device, point } = store.entry(i);
      return `${BASE}/${device.id}/${point.id}`;
    });
    const everyPointSince = (w: Watch, from: number) => {
      const seen = new Set(w.messages.slice(from).map((m) => m.topic));
      return topics.every((t) => seen.has(t));
    };
    try {
      const first = watch();
      await link.start(true);
      await first.until(() => everyPointSince(first, 0), 'every point at the start');
      await first.until(() => first.latest.get(`${BASE}/status`)?.payload === 'online', 'online');

      const before = first.messages.length;
      publisher.resync();
      await first.until(() => everyPointSince(first, before), 'every point again at the resync');
      const published = publisher.status().published as number;
      assert.ok(published >= 2 * store.size, `${published} published`);

      // Away: a change is not sent (nor counted as dropped); back: every point again, the change included.
      await broker.stop();
      await first.until(() => !link.connected, 'the link to notice');
      const index = store.indexOf('dhw-tank.supply-temperature') as number;
      store.update(index, 41.25, Date.now());
      assert.equal(publisher.status().published, published);
      assert.equal(link.status().dropped, 0);
      await broker.resume();
      const again = watch();
      await again.until(() => everyPointSince(again, 0), 'every point at the new session', 30_000);
      await again.until(
        () =>
          JSON.parse(again.latest.get(`${BASE}/dhw-tank/supply-temperature`)?.payload ?? '{}').val === 41.25,
        'the change made while away',
      );
      await again.until(
        () => again.latest.get(`${BASE}/status`)?.payload === 'online',
        'online again',
        30_000,
      );
    } finally {
      await publisher.close();
      await link.close();
    }
    const last = watch();
    await last.until(() => last.latest.get(`${BASE}/status`)?.payload === 'offline', 'offline at the close');
  });

  test('a site larger than the link holds unacknowledged arrives whole at the start', async () => {
    const demo = loadSite('sites/demo.yaml', PROTOCOLS).site;
    assert.ok(demo);
    // The demo's devices 200 times over: about 50,000 points, more than the link's 20,000 in flight.
    const devices = Array.from({ length: 200 }, (_, n) =>
      demo.devices.map((d) => ({ ...d, id: `${d.id}-${n}` })),
    ).flat();
    const site = { ...demo, devices };
    const store = new PointStore(site, Date.now());
    assert.ok(store.size > 40_000);
    const writes = { inForce: () => undefined, onInForceChange: () => () => {} } as unknown as WritePath;
    const services = { site, points: pointsService(store, writes) } as unknown as Services;
    // A broker of its own: the test before stops and starts the shared one.
    const own = await Mosquitto.start();
    const { settings } = mqttSettings(site, { url: own.url });
    assert.ok(settings?.json);
    const link = new ClientLink({
      url: own.url,
      clientId: 'large',
      protocolVersion: 4,
      backlog: null,
      log: quiet,
    });
    const context = {
      services,
      settings,
      connection: { url: link.status().url, protocolVersion: 4 as const },
      link,
      commands: linkCommands(link, 'operator'),
      stateDir: null,
      log: quiet,
    };
    const publisher = new JsonPublisher(context, settings.json);
    const w = new Watch(own.port, [`${BASE}/+/+`]);
    try {
      await link.start(true);
      await w.until(
        () => w.latest.size >= store.size,
        () => `every point: ${w.latest.size} of ${store.size}`,
        60_000,
      );
      // What the link could not hold was published again, once: each point counted once.
      assert.equal(publisher.status().published, store.size);
    } finally {
      w.stop();
      await publisher.close();
      await link.close();
      await own.dispose();
    }
  });
});
