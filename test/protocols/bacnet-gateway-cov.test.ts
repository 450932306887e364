// Gateway mode with COV against our own server (bacnet-gateway-fixture.ts): site B subscribes to the points
// of A's devices it reads (the IP device and routed ones) with SubscribeCOV; a change on A reaches B by
// notification with B's clock held still and no read in between; covered points are read once a minute,
// not at their rate; subscriptions are renewed at half their lifetime; A's server stopped and restarted → B subscribes again; B stopped → its subscriptions
// on A are cancelled. A device that refuses SubscribeCOV is polled only (asked once, logged once), one that
// refuses one object has that point polled and the others subscribed to, and `cov: false` subscribes to
// nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Value } from '../../src/core/value.js';
import type { Point } from '../../src/points/model.js';
import type { BacnetApplication } from '../../src/protocols/bacnet/application.js';
import { ErrorClass, ErrorCode, RejectReason } from '../../src/protocols/bacnet/codec/index.js';
import { objectOf } from '../../src/protocols/bacnet/gateway/read-plan.js';
import { ipDeviceIdOf } from '../../src/protocols/bacnet/server-service.js';
import { T0 } from '../runtime/site-fixture.js';
import {
  demoSite,
  gatewaySite,
  readKeys,
  type SiteA,
  type SiteB,
  same,
  siteA,
  siteB,
} from './bacnet-gateway-fixture.js';

const IP_DEVICE = ipDeviceIdOf(demoSite()) as string;
const IDS = [IP_DEVICE, 'dhw-tank', 'ev-charger-1'];
/** A's requests by service, counted as they reach its application. */
type Counts = Map<string, number>;

/** A wrapper of A's application that counts requests by service and may answer some itself. */
function counting(counts: Counts, refuse: (service: string) => boolean = () => false) {
  return (app: BacnetApplication): BacnetApplication => ({
    devices: () => app.devices(),
    unconfirmed: (device, request, peer) => app.unconfirmed(device, request, peer),
    close: () => app.close?.(),
    async confirmed(device, request, peer) {
      counts.set(request.service, (counts.get(request.service) ?? 0) + 1);
      if (refuse(request.service))
        return { kind: 'reject', reason: RejectReason.UNRECOGNIZED_SERVICE, why: 'no COV here' };
      return app.confirmed(device, request, peer);
    },
  });
}

/** How many points B subscribes to: every point of its devices but the momentary actions. */
const subscribable = (b: SiteB) => b.runtime.points.entries.filter((e) => e.point.type !== 'action').length;

describe('BACnet gateway with COV: site B subscribes to site A', () => {
  const counts: Counts = new Map();
  const rpm = () => counts.get('read-property-multiple') ?? 0;
  let a: SiteA;
  let b: SiteB;
  const allOk = () => readKeys(b).every((key) => b.state(key).status === 'ok');

  /** A changes `key` on its own; B gets it by notification, its clock held still, no read in between. */
  async function notified(key: string, from: Value, to: Value) {
    const value = a.state(key).value === from ? to : from;
    const [reads, at] = [rpm(), b.clock.now()];
    await a.write(key, value);
    assert.ok(await b.await(() => b.state(key).value === value), `${key} = ${String(value)} on B`);
    assert.equal(b.state(key).status, 'ok');
    assert.equal(rpm(), reads, 'no read in between');
    assert.equal(b.clock.now(), at, "B's clock held still");
  }

  before(async () => {
    a = await siteA(counting(counts));
    b = await siteB(gatewaySite(a, IDS, { cov: true }));
  });
  after(async () => {
    await b?.close();
    await a?.close();
  });

  test('every point is subscribed to once read; a change on A reaches B by notification', async () => {
    assert.ok(await b.settle(() => allOk() && a.covSubscriptions === subscribable(b)), 'subscribed');
    assert.equal(counts.get('subscribe-cov'), subscribable(b), 'one SubscribeCOV per point');
    // The last word on each point was its first notification (sent when subscribed): A's value, every type.
    for (const key of readKeys(b)) {
      const point = b.runtime.points.entries.find((e) => e.key === key)?.point as Point;
      assert.ok(same(point, b.state(key).value, a.state(key).value), key);
    }
    await notified('ev-charger-1.max-current-limit', 16, 20); // routed: acknowledged through the router
    await notified(`${IP_DEVICE}.emergency-mode`, false, true); // on the IP network
    await notified(`${IP_DEVICE}.emergency-mode`, false, true);
  });

  test('covered points are read once a minute, not at their rate', async () => {
    const reads = rpm();
    await b.settle(() => false, 1000, 50);
    assert.equal(rpm(), reads, 'no read for 50 s');
    assert.ok(await b.settle(() => rpm() > reads, 1000, 30), 'read again (the safety net)');
    assert.ok(allOk());
  });

  test('each subscription is renewed at half its lifetime (150 s): replaced on A, not added', async () => {
    const once = subscribable(b);
    assert.equal(counts.get('subscribe-cov'), once);
    assert.ok(await b.settle(() => (counts.get('subscribe-cov') ?? 0) >= 2 * once, 1000, 120), 'renewed');
    assert.ok(b.clock.now() - T0 >= 150_000, 'not before half the lifetime');
    assert.equal(a.covSubscriptions, once);
    await notified('ev-charger-1.max-current-limit', 16, 20);
  });

  test("A's server stopped: B's points go down; restarted: B subscribes again", async () => {
    await a.network?.close();
    a.network = null;
    assert.ok(
      await b.settle(() => readKeys(b).every((key) => b.state(key).status === 'down'), 1000, 120),
      'every point down (within the slow poll)',
    );
    a.network = await a.serve(a.port);
    assert.equal(a.covSubscriptions, 0, 'a new server knows no subscription');
    assert.ok(await b.settle(() => allOk() && a.covSubscriptions === subscribable(b), 500), 'again');
    await notified('dhw-tank.temperature-setpoint', 55, 60);
  });

  test('B stopped: its subscriptions on A are cancelled', async () => {
    assert.equal(a.covSubscriptions, subscribable(b));
    await b.close();
    assert.equal(a.covSubscriptions, 0);
  });
});

describe('BACnet gateway with COV: a device that refuses SubscribeCOV', () => {
  test('is polled at its rate; SubscribeCOV asked once, the refusal logged once', async () => {
    const counts: Counts = new Map();
    const warnings: string[] = [];
    const log = {
      info: () => {},
      error: () => {},
      warn: (_o: object | string, m?: string) => warnings.push(String(m)),
    };
    const a = await siteA(counting(counts, (service) => service === 'subscribe-cov'));
    const b = await siteB(gatewaySite(a, ['dhw-tank'], { cov: true }), log);
    try {
      assert.ok(await b.settle(() => readKeys(b).every((key) => b.state(key).status === 'ok')));
      await b.settle(() => false, 1000, 10);
      assert.equal(counts.get('subscribe-cov'), 1, 'the service refused once: asked no more');
      // Polled at its rate: many reads where a covered device would have none for a minute.
      const reads = counts.get('read-property-multiple') ?? 0;
      const more = () => (counts.get('read-property-multiple') ?? 0) >= reads + 5;
      assert.ok(await b.settle(more, 1000, 50), 'read on, well within a minute');
      const notes = warnings.filter((w) => w.includes('refuses change subscriptions'));
      assert.equal(notes.length, 1, notes.join('\n'));
      assert.match(notes[0] as string, /reject UNRECOGNIZED_SERVICE/);
      assert.equal(a.covSubscriptions, 0);
    } finally {
      await b.close();
      await a.close();
    }
  });
});

describe('BACnet gateway with COV: a device that refuses one object', () => {
  test('that point is polled, the others subscribed to; the refusal logged once', async () => {
    const counts: Counts = new Map();
    const warnings: string[] = [];
    const log = {
      info: () => {},
      error: () => {},
      warn: (_o: object | string, m?: string) => warnings.push(String(m)),
    };
    const setpoint = 'dhw-tank.temperature-setpoint';
    let refusedObject: { type: number; instance: number } | null = null;
    const a = await siteA((app) => {
      const counted = counting(counts)(app);
      return {
        ...counted,
        async confirmed(device, request, peer) {
          const object = request.service === 'subscribe-cov' ? request.request.object : null;
          if (object && object.type === refusedObject?.type && object.instance === refusedObject.instance)
            return {
              kind: 'error',
              errorClass: ErrorClass.OBJECT,
              errorCode: ErrorCode.OPTIONAL_FUNCTIONALITY_NOT_SUPPORTED,
              why: 'no COV for this one',
            };
          return counted.confirmed(device, request, peer);
        },
      };
    });
    const b = await siteB(gatewaySite(a, ['dhw-tank'], { cov: true }), log);
    try {
      const point = b.runtime.points.entries.find((e) => e.key === setpoint)?.point;
      assert.ok(point, setpoint);
      refusedObject = objectOf(point);
      const others = subscribable(b) - 1;
      assert.ok(
        await b.settle(
          () => readKeys(b).every((key) => b.state(key).status === 'ok') && a.covSubscriptions === others,
        ),
        `${a.covSubscriptions} subscriptions, ${others} expected`,
      );
      const notes = warnings.filter((w) => w.includes('refuses change subscriptions'));
      assert.equal(notes.length, 1, notes.join('\n'));
      assert.match(notes[0] as string, /1 point\(s\) \(error OBJECT\/OPTIONAL_FUNCTIONALITY_NOT_SUPPORTED\)/);
      // Its batch is polled at its rate: a change on A reaches B by a read.
      const value = a.state(setpoint).value === 55 ? 58 : 55;
      await a.write(setpoint, value);
      assert.ok(await b.settle(() => b.state(setpoint).value === value, 1000, 30), 'read within its rate');
      assert.ok(b.clock.now() - T0 < 60_000, 'before a safety poll would have read it');
      assert.equal(a.covSubscriptions, others);
    } finally {
      await b.close();
      await a.close();
    }
  });
});

describe('BACnet gateway with cov: false', () => {
  test('nothing is subscribed to; every point is polled', async () => {
    const counts: Counts = new Map();
    const a = await siteA(counting(counts));
    const b = await siteB(gatewaySite(a, ['dhw-tank'], { cov: false }));
    try {
      assert.ok(await b.settle(() => readKeys(b).every((key) => b.state(key).status === 'ok')));
      await b.settle(() => false, 1000, 5);
      assert.equal(counts.get('subscribe-cov') ?? 0, 0);
      assert.equal(a.covSubscriptions, 0);
    } finally {
      await b.close();
      await a.close();
    }
  });
});
