// Gateway mode over BACnet/IP against our own server, polling only (COV off; bacnet-gateway-cov.test.ts has
// it on): site A (the demo, simulated) serves BACnet on 127.0.0.2 with its router and virtual network; site
// B reads some of A's devices through their points lists — the parking server on the IP network, the others
// behind A's router by DNET/DADR — on a virtual clock (bacnet-gateway-fixture.ts). Values match A's point store, a write on B lands in A's priority array at the source's priority,
// a momentary action runs, and A's server stopped turns B's points `down`, restarted `ok` again.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Point } from '../../src/points/model.js';
import { pointsWithRole } from '../../src/points/special-roles.js';
import { RejectReason } from '../../src/protocols/bacnet/codec/index.js';
import { ipDeviceIdOf } from '../../src/protocols/bacnet/server-service.js';
import { demoSite, gatewaySite, PRIORITY, same, siteA, siteB } from './bacnet-gateway-fixture.js';

const ROUTED = ['dhw-tank', 'ev-charger-1', 'rainwater-tank'];

describe('BACnet gateway: site B reads site A over BACnet/IP', () => {
  let a: Awaited<ReturnType<typeof siteA>>;
  let b: Awaited<ReturnType<typeof siteB>>;
  const ids = [ipDeviceIdOf(demoSite()) as string, ...ROUTED];
  /** Every point B reads (actions and Communication Status, which the connector sets, aside). */
  const communication = () =>
    new Set(
      b.site.devices.flatMap((d) =>
        pointsWithRole(d.profile, 'communication-status').map((p) => `${d.id}.${p.id}`),
      ),
    );
  const readKeys = () => {
    const skipped = communication();
    return b.runtime.points.entries.filter((e) => e.point.type !== 'action' && !skipped.has(e.key));
  };
  const allOk = () => readKeys().every((e) => b.state(e.key).status === 'ok');

  before(async () => {
    a = await siteA();
    b = await siteB(gatewaySite(a, ids));
  });
  after(async () => {
    await b?.close();
    await a?.close();
  });

  test("every point A holds is read on B with A's value, on the IP device and the routed ones", async () => {
    const healthy = () =>
      readKeys().filter((e) => a.state(e.key).status === 'ok' && a.state(e.key).value !== null);
    assert.ok(
      await b.settle(() => healthy().every((e) => b.state(e.key).status === 'ok')),
      `not ok on B: ${healthy()
        .filter((e) => b.state(e.key).status !== 'ok')
        .map((e) => `${e.key}=${b.state(e.key).status}`)
        .join(', ')}`,
    );
    const compared = healthy();
    assert.equal(compared.length, readKeys().length, 'every point B reads is one A holds');
    for (const device of ids)
      assert.ok(
        compared.some((e) => e.key.startsWith(`${device}.`)),
        `${device}: some point compared`,
      );
    for (const e of compared) {
      const [ours, theirs] = [b.state(e.key).value, a.state(e.key).value];
      assert.ok(same(e.point, ours, theirs), `${e.key}: B ${String(ours)}, A ${String(theirs)}`);
    }
  });

  test("a write on B reaches A's priority array at the source's priority, confirmed by read-back", async () => {
    const key = 'ev-charger-1.max-current-limit';
    const before = a.state(key).value;
    const value = before === 20 ? 24 : 20;
    const written = await b.runtime.writes.write({ key, value, who: 't', via: 't', role: 'admin' });
    assert.equal(written.ok, true);
    assert.ok(
      await b.settle(() => a.runtime.services.writes.priorityArray(key)?.values[PRIORITY - 1] === value),
      `A's priority array at ${PRIORITY}: ${JSON.stringify(a.runtime.services.writes.priorityArray(key))}`,
    );
    assert.equal(a.state(key).value, value);
    assert.ok(await b.settle(() => b.state(key).status === 'ok' && b.state(key).value === value));
  });

  test('a write A refuses leaves the point fault on B and A unchanged', async () => {
    const key = 'ev-charger-1.max-current-limit';
    const held = a.state(key).value;
    // A refuses every write but System Enable's while System Enable is off.
    const enable = 'parking-server.system-enable';
    assert.equal(
      (await a.runtime.writes.write({ key: enable, value: false, who: 't', via: 't', role: 'admin' })).ok,
      true,
    );
    try {
      const value = held === 16 ? 18 : 16;
      assert.equal(
        (await b.runtime.writes.write({ key, value, who: 't', via: 't', role: 'admin' })).ok,
        true,
      );
      assert.ok(await b.settle(() => b.state(key).status === 'fault'), 'fault on B');
      assert.equal(a.state(key).value, held, 'A unchanged');
    } finally {
      assert.equal(
        (await a.runtime.writes.write({ key: enable, value: true, who: 't', via: 't', role: 'admin' })).ok,
        true,
      );
    }
    assert.ok(await b.settle(() => b.state(key).status === 'ok'), 'sent again once A takes writes');
  });

  test('a momentary action run on B runs on A (written ACTIVE over BACnet), and reads back INACTIVE', async () => {
    const key = 'dhw-tank.legionella-cycle';
    assert.equal(b.state(key).status, 'ok');
    const ran = async () =>
      (await a.runtime.services.audit.query({ key })).some((r) => r.action === 'run' && r.via === 'bacnet');
    assert.equal(await ran(), false);
    const run = await b.runtime.writes.write({ key, value: true, who: 't', via: 't', role: 'admin' });
    assert.equal(run.ok, true);
    let done = false;
    for (let i = 0; i < 200 && !done; i++) {
      done = await ran();
      if (!done) await b.settle(() => false, 100, 1);
    }
    assert.ok(done, "A's audit trail has the run, through BACnet");
    assert.equal(b.state(key).status, 'ok');
  });

  test("A's server stopped: B's points go down; restarted on the same port: ok again", async () => {
    assert.ok(await b.settle(allOk), 'every point ok first');
    await a.network?.close();
    a.network = null;
    assert.ok(
      await b.settle(() => readKeys().every((e) => b.state(e.key).status === 'down')),
      'every point down',
    );
    a.network = await a.serve(a.port);
    assert.ok(await b.settle(allOk, 500), 'every point ok again');
    const key = `${ROUTED[0]}.${b.site.devices.find((d) => d.id === ROUTED[0])?.profile.points[0]?.id}`;
    assert.ok(
      same(
        b.runtime.points.entries.find((e) => e.key === key)?.point as Point,
        b.state(key).value,
        a.state(key).value,
      ),
    );
  });
});

describe('BACnet gateway: a device that rejects ReadPropertyMultiple is read with ReadProperty', () => {
  test("every point read, A's values; the refused service asked once", async () => {
    let rpm = 0;
    const a = await siteA((app) => ({
      devices: () => app.devices(),
      unconfirmed: (device, request, peer) => app.unconfirmed(device, request, peer),
      close: () => app.close?.(),
      async confirmed(device, request, peer) {
        if (request.service !== 'read-property-multiple') return app.confirmed(device, request, peer);
        rpm++;
        return { kind: 'reject', reason: RejectReason.UNRECOGNIZED_SERVICE, why: 'no RPM here' };
      },
    }));
    const b = await siteB(gatewaySite(a, ['dhw-tank']));
    try {
      const keys = b.runtime.points.entries
        .filter((e) => e.point.type !== 'action' && !e.key.endsWith('.communication-status'))
        .map((e) => e.key);
      assert.ok(keys.length > 5);
      assert.ok(await b.settle(() => keys.every((key) => b.state(key).status === 'ok')), 'every point ok');
      for (const key of keys) {
        const point = b.runtime.points.entries.find((e) => e.key === key)?.point as Point;
        assert.ok(same(point, b.state(key).value, a.state(key).value), key);
      }
      assert.equal(rpm, 1, 'ReadPropertyMultiple asked once');
    } finally {
      await b.close();
      await a.close();
    }
  });
});

describe('BACnet gateway: a routed device on a network the router does not reach', () => {
  test("its points are fault (the router's refusal), not down; a device on the same link stays ok", async () => {
    const a = await siteA();
    const site = gatewaySite(a, ['dhw-tank', 'rainwater-tank']);
    for (const device of site.devices)
      if (device.id === 'dhw-tank' && 'settings' in device.source)
        device.source = { ...device.source, settings: { ...(device.source.settings as object), dnet: 7 } };
    const b = await siteB(site);
    try {
      const keysOf = (id: string) =>
        b.runtime.points.entries
          .filter((e) => e.key.startsWith(`${id}.`))
          .filter((e) => e.point.type !== 'action' && !e.key.endsWith('.communication-status'))
          .map((e) => e.key);
      const [lost, fine] = [keysOf('dhw-tank'), keysOf('rainwater-tank')];
      assert.ok(
        await b.settle(
          () =>
            lost.every((key) => b.state(key).status === 'fault') &&
            fine.every((key) => b.state(key).status === 'ok'),
        ),
        lost.map((key) => `${key}=${b.state(key).status}`).join(' '),
      );
      b.clock.advance(5_000);
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.ok(
        fine.every((key) => b.state(key).status === 'ok'),
        'the link was never lost',
      );
    } finally {
      await b.close();
      await a.close();
    }
  });
});
