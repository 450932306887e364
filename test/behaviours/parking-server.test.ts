// The Parking Management Server through the real runtime in virtual time: the car park's invariants over a
// week, tariffs, Emergency Mode, the EV chargers' plug-ins and load management, the server's measurements
// and statuses, its faults, the commands that do real work, reproducibility and restarts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Behaviour, BehaviourEvent, Effect, EffectResult } from '../../src/behaviours/behaviour.js';
import { parkingServerBehaviour } from '../../src/behaviours/parking-server/behaviour.js';
import { kwPerAmp } from '../../src/behaviours/parking-server/load-management.js';
import { compileTariff, DEFAULT_TARIFFS, priceCents } from '../../src/behaviours/parking-server/tariffs.js';
import { VirtualClock } from '../../src/core/clock.js';
import type { Value } from '../../src/core/value.js';
import type { EffectHandler } from '../../src/runtime/environment.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { LocalTime } from '../../src/util/local-time.js';
import { makeSite, T0 } from '../runtime/site-fixture.js';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** T0 is Monday 2026-01-05 00:00 UTC, 01:00 in Paris; local midnight is 23:00 UTC in winter. */
const LOCAL_MIDNIGHT = T0 - HOUR;
const paris = new LocalTime('Europe/Paris');

interface Sample {
  t: number;
  v: Value;
}

interface Options {
  params?: Record<string, unknown>;
  seed?: number;
  store?: MemoryStore;
  start?: number;
  env?: Record<string, number>;
  effects?: EffectHandler;
}

async function openSite(o: Options = {}) {
  const site = makeSite([
    ['ps', 'parking-management-server', { capacity: 420, randomFaults: false, ...(o.params ?? {}) }],
  ]);
  const clock = new VirtualClock(o.start ?? LOCAL_MIDNIGHT);
  const samples = new Map<string, Sample[]>();
  const events: Array<{ t: number; event: BehaviourEvent }> = [];
  const env = o.env ?? {};
  const runtime = await Runtime.open({
    site,
    store: o.store ?? new MemoryStore(),
    clock,
    seed: o.seed ?? 1,
    behaviourFor: () => parkingServerBehaviour as Behaviour,
    environment: { read: () => env },
    ...(o.effects ? { effects: o.effects } : {}),
    sampleSinks: [
      (entry, t, v) => {
        const list = samples.get(entry.point.id) ?? [];
        list.push({ t, v });
        samples.set(entry.point.id, list);
      },
    ],
    eventSinks: [(_d, t, event) => events.push({ t, event })],
  });
  const value = (id: string) => runtime.points.value(runtime.points.indexOf(`ps.${id}`) as number);
  const write = (id: string, v: unknown) =>
    runtime.writes.write({ key: `ps.${id}`, value: v, who: 'test', role: 'admin', via: 'test' });
  const of = (id: string) => samples.get(id) ?? [];
  const kinds = (kind: string) => events.filter((e) => e.event.kind === kind);
  return { runtime, clock, samples, events, env, value, write, of, kinds };
}

/** Acknowledges the open alarm of `key` as a user would (the alarm list, alarmAck). */
async function acknowledge(runtime: Runtime, key: string) {
  await runtime.alarms.settled();
  const alarm = runtime.alarms.list().find((a) => a.key === key && a.ackedAt === null);
  assert.ok(alarm, `an open alarm on ${key}`);
  assert.equal(runtime.alarms.acknowledge(alarm.id, 'test'), true);
}

/** Exits as the events report them. */
function exitsOf(events: Array<{ t: number; event: BehaviourEvent }>) {
  return events
    .filter((e) => e.event.kind === 'exit')
    .map((e) => ({
      step: e.t,
      ...(e.event.data as {
        at: number;
        stayMin: number;
        price: number;
        tariff: string;
        emergency: boolean;
        queued: boolean;
      }),
    }));
}

const standard = compileTariff('standard', DEFAULT_TARIFFS.standard as never);
const eventTariff = compileTariff('event', DEFAULT_TARIFFS.event as never);

describe('parking server: a week of an office car park', async () => {
  const site = await openSite();
  const { runtime, clock, of, events, kinds } = site;
  runtime.start();
  clock.advance(7 * DAY);
  await runtime.stop();
  const byTime = (id: string) => new Map(of(id).map((s) => [s.t, s.v as number]));
  const occupied = byTime('total-occupied');
  const exits = exitsOf(events).sort((a, b) => a.at - b.at);

  test('Total Occupied + Total Available = capacity at every step', () => {
    const available = of('total-available');
    assert.equal(available.length, (7 * DAY) / 30_000 + 1);
    for (const s of available)
      assert.equal((s.v as number) + (occupied.get(s.t) as number), 420, `at ${s.t}`);
    const capacity = runtime.points.indexOf('ps.total-parking-capacity') as number;
    assert.equal(runtime.points.read(capacity).value, 420, 'Sur demande');
  });

  test('Occupancy Rate = Occupied / Capacity · 100 at every sample', () => {
    for (const s of of('occupancy-rate')) {
      assert.ok(Math.abs((s.v as number) - ((occupied.get(s.t) as number) / 420) * 100) < 0.006, `at ${s.t}`);
    }
  });

  test('occupancy follows the office profile: full at 10–11 h, ~85 % at lunch, ~10 % at 19–20 h', () => {
    const mean = (weekday: boolean, from: number, to: number) => {
      const v = of('total-occupied').filter((s) => {
        const h = paris.hourOfDay(s.t);
        const d = paris.weekday(s.t);
        return h >= from && h < to && (d === 0 || d === 6) !== weekday;
      });
      return v.reduce((sum, s) => sum + (s.v as number), 0) / v.length / 4.2;
    };
    assert.ok(mean(true, 10, 11) > 93, `10–11 h: ${mean(true, 10, 11)} %`);
    assert.ok(mean(true, 12.5, 14) > 75 && mean(true, 12.5, 14) < 92, `12–14 h: ${mean(true, 12.5, 14)} %`);
    assert.ok(mean(true, 19, 20) < 16, `19–20 h: ${mean(true, 19, 20)} %`);
    assert.ok(mean(true, 2, 5) < 8, `night: ${mean(true, 2, 5)} %`);
    assert.ok(mean(false, 10, 11) < 20, `weekend: ${mean(false, 10, 11)} %`);
  });

  test('cars are turned away only when the car park is full', () => {
    const away = kinds('turned-away');
    assert.ok(away.length > 0, 'an office car park full at 10 h turns some cars away');
    for (const e of away)
      assert.equal(occupied.get(e.t), 420, `turned away at ${new Date(e.t).toISOString()}`);
  });

  test('each exit is priced by the tariff', () => {
    assert.ok(exits.length > 2000);
    for (const x of exits) {
      assert.equal(x.tariff, 'standard');
      assert.equal(Math.round(x.price * 100), priceCents(standard, x.stayMin));
      assert.ok(x.stayMin >= 5, 'shortest stay 5 min');
    }
  });

  test("Revenue, Transactions and Average Stay Today are today's exits, reset at local midnight", () => {
    // Prefix sums over the exits in time order; today's exits at t are those since local midnight.
    const cents = [0];
    const stays = [0];
    for (const x of exits) {
      cents.push((cents.at(-1) as number) + Math.round(x.price * 100));
      stays.push((stays.at(-1) as number) + x.stayMin);
    }
    const countUpTo = (t: number) => {
      let lo = 0;
      let hi = exits.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((exits[mid] as { at: number }).at <= t) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    const today = (t: number) => {
      const from = countUpTo(t - paris.hourOfDay(t) * HOUR - 1);
      const to = countUpTo(t);
      return {
        n: to - from,
        cents: (cents[to] as number) - (cents[from] as number),
        stayMin: (stays[to] as number) - (stays[from] as number),
      };
    };
    for (const s of of('revenue-today')) {
      assert.equal(
        Math.round((s.v as number) * 100),
        today(s.t).cents,
        `revenue at ${new Date(s.t).toISOString()}`,
      );
    }
    for (const s of of('transactions-today')) assert.equal(s.v, today(s.t).n);
    for (const s of of('average-stay-duration')) {
      const { n, stayMin } = today(s.t);
      const mean = n > 0 ? stayMin / n : 0;
      assert.ok(Math.abs((s.v as number) - Math.min(720, mean)) <= 0.051, `average at ${s.t}`);
    }
    const closed = kinds('day-closed');
    assert.equal(closed.length, 7);
    for (const e of closed) assert.equal(paris.hourOfDay(e.t), 0, 'at local midnight');
    const midnightRevenue = of('revenue-today').filter((s) => paris.hourOfDay(s.t) === 0);
    assert.ok(
      midnightRevenue.every((s) => (s.v as number) < 50),
      'a new day starts from (nearly) zero',
    );
  });

  test('every published value stays inside its typical range; statuses rest on their normal words', () => {
    for (const entry of runtime.points.entries) {
      const { point } = entry;
      if (point.type !== 'number' || point.kind === 'command') continue;
      for (const s of of(point.id)) {
        assert.ok(
          (s.v as number) >= (point.min as number) && (s.v as number) <= (point.max as number),
          point.id,
        );
      }
    }
    const last = (id: string) => of(id).at(-1)?.v;
    assert.equal(last('server-status'), 'RUNNING');
    assert.equal(last('database-status'), 'CONNECTED');
    assert.equal(last('bms-integration-status'), 'DISCONNECTED', 'no BMS client in a test');
    assert.equal(last('payment-gateway-status'), 'ONLINE');
    assert.equal(last('ocpp-backend-status'), 'RUNNING');
    assert.equal(last('cluster-status'), 'HEALTHY');
    assert.equal(last('license-status'), 'VALID');
    assert.equal(last('security-alert'), false);
    assert.equal(kinds('fault').length, 0, 'random faults off');
  });
});

describe('parking server: tariffs and Emergency Mode', async () => {
  test('a tariff switch prices the next exits; unknown names are refused; relinquish gives the configured one', async () => {
    const { runtime, clock, write, value, events } = await openSite({ params: { tariff: 'reduced' } });
    runtime.start();
    assert.equal(value('tariff-profile'), 'reduced', 'relinquish default: the configured tariff');
    assert.deepEqual(await write('tariff-profile', 'standard'), { ok: true, value: 'standard', level: 16 });
    clock.advance(10 * HOUR);
    const refused = await write('tariff-profile', 'gold');
    assert.equal(refused.ok, false);
    assert.ok(!refused.ok && refused.code === 'rejected');
    assert.ok(
      !refused.ok &&
        /'gold' is not a configured tariff profile \(configured: standard, reduced, event\)/.test(
          refused.message,
        ),
    );
    const switchedAt = clock.now();
    await write('tariff-profile', 'event');
    clock.advance(6 * HOUR);
    // Relinquished (before the stop, which refuses writes): the configured tariff again.
    assert.deepEqual(await write('tariff-profile', null), { ok: true, value: 'reduced', level: 17 });
    await runtime.stop();
    const exits = exitsOf(events);
    const before = exits.filter((x) => x.step <= switchedAt);
    const after = exits.filter((x) => x.step > switchedAt);
    assert.ok(before.length > 20 && after.length > 20);
    for (const x of before) assert.equal(Math.round(x.price * 100), priceCents(standard, x.stayMin));
    for (const x of after) {
      assert.equal(x.tariff, 'event');
      assert.equal(Math.round(x.price * 100), priceCents(eventTariff, x.stayMin));
    }
    assert.ok(
      events.some(
        (e) => e.event.kind === 'tariff' && /event applies to the next exits/.test(e.event.message),
      ),
    );
  });

  test('Emergency Mode: exits free and logged, a security alert held until acknowledged', async () => {
    const { runtime, clock, write, value, events, kinds } = await openSite();
    runtime.start();
    clock.advance(16 * HOUR);
    const on = clock.now();
    await write('emergency-mode', 'ENABLE');
    clock.advance(30_000);
    assert.equal(value('security-alert'), true);
    clock.advance(2 * HOUR);
    const off = clock.now();
    await write('emergency-mode', 'DISABLE');
    clock.advance(6 * HOUR);
    assert.equal(value('security-alert'), true, 'held until acknowledged');
    await acknowledge(runtime, 'ps.security-alert');
    clock.advance(30_000);
    assert.equal(value('security-alert'), false);
    clock.advance(HOUR);
    await runtime.stop();
    const exits = exitsOf(events);
    const during = exits.filter((x) => x.step > on && x.step <= off);
    assert.ok(during.length > 50, 'the evening exits');
    assert.ok(during.every((x) => x.price === 0 && x.emergency));
    assert.ok(
      exits.filter((x) => x.step > off + 30_000).some((x) => x.price > 0),
      'paid again afterwards',
    );
    assert.equal(kinds('emergency').length, 1);
    assert.equal(kinds('security-alert').length, 1);
    assert.equal(kinds('security-alert-cleared').length, 1);
    assert.match(
      kinds('exit').find((e) => e.t > on && e.t <= off)?.event.message ?? '',
      /free \(Emergency Mode/,
    );
  });
});

/** Plays four chargers on the site's signals: a car plugged in charges for a while, then leaves. */
function playChargers(runtime: Runtime, managed: (id: string) => boolean, unmanagedKw = 0) {
  const ids = ['c1', 'c2', 'c3', 'c4'];
  const seen = new Map(ids.map((id) => [id, 0]));
  const busyUntil = new Map(ids.map((id) => [id, 0]));
  let pseudo = 7;
  const next = () => {
    pseudo = (pseudo * 48271) % 2147483647;
    return pseudo / 2147483647;
  };
  const s = runtime.signals;
  for (const id of ids) {
    s.set(`ev/${id}/available`, 1);
    s.set(`ev/${id}/managed`, managed(id) ? 1 : 0);
    s.set(`ev/${id}/demandA`, 0);
    s.set(`ev/${id}/powerKw`, 0);
    s.set(`ev/${id}/phases`, 3);
    s.set(`ev/${id}/voltageV`, 400);
  }
  /** The chargers' side of one step; returns the plug-ins taken. */
  return (now: number): number => {
    let taken = 0;
    for (const id of ids) {
      const total = s.get(`ev/${id}/plugins`) ?? 0;
      const before = seen.get(id) as number;
      assert.ok(total >= before, 'plug-in totals only increase');
      if (total > before) {
        assert.equal(total - before, 1, 'one car per step at most');
        assert.equal(s.get(`ev/${id}/available`), 1, 'sent only to an available charger');
        seen.set(id, total);
        busyUntil.set(id, now + (1 + 3 * next()) * HOUR);
        s.set(`ev/${id}/available`, 0);
        s.set(`ev/${id}/demandA`, next() < 0.3 ? 16 : 32);
        taken++;
      } else if (s.get(`ev/${id}/available`) === 0 && now >= (busyUntil.get(id) as number)) {
        s.set(`ev/${id}/available`, 1);
        s.set(`ev/${id}/demandA`, 0);
      }
      const limit = s.get(`ev/${id}/limitA`) ?? 0;
      const amps = managed(id) ? Math.min(limit, s.get(`ev/${id}/demandA`) as number) : 0;
      s.set(
        `ev/${id}/powerKw`,
        managed(id) ? kwPerAmp(3, 400, { powerFactor: 0.98 } as never) * amps : unmanagedKw,
      );
    }
    return taken;
  };
}

describe('parking server: EV chargers', () => {
  test('a share of arriving cars plug in; load management keeps the managed chargers within 44 kW', async () => {
    const { runtime, clock, kinds } = await openSite({ params: { evPlugInShare: 20 } });
    runtime.start();
    const chargers = playChargers(runtime, () => true);
    let plugins = 0;
    let paused = 0;
    for (let t = 0; t < DAY; t += 30_000) {
      clock.advance(30_000);
      // The limits of the step just run answer the demands it saw; then the chargers act.
      let kw = 0;
      for (const id of ['c1', 'c2', 'c3', 'c4']) {
        const limit = runtime.signals.get(`ev/${id}/limitA`) as number;
        const demand = runtime.signals.get(`ev/${id}/demandA`) as number;
        assert.ok(limit === 0 || limit >= 6, 'at least 6 A or paused');
        if (demand > 0 && limit === 0) paused++;
        kw += (Math.sqrt(3) * 400 * limit * 1.0) / 1000;
      }
      assert.ok(kw <= 44 + 1e-9, `Σ √3·U·limitA = ${kw} kW`);
      plugins += chargers(clock.now());
    }
    await runtime.stop();
    assert.ok(plugins > 10, `cars plugged in: ${plugins}`);
    assert.equal(kinds('ev-plugin').length, plugins);
    assert.equal(paused, 0, '44 kW gives every one of four chargers more than 6 A');
  });

  test('unmanaged chargers draw first; a tight limit pauses chargers in id order', async () => {
    const { runtime, clock } = await openSite({ params: { evPowerLimitKw: 30, evPlugInShare: 30 } });
    runtime.start();
    const chargers = playChargers(runtime, (id) => id !== 'c1', 22);
    for (let t = 0; t < 12 * HOUR; t += 30_000) {
      clock.advance(30_000);
      assert.equal(runtime.signals.get('ev/c1/limitA'), 80, 'unmanaged: no limit of its own');
      let kw = 0;
      for (const id of ['c2', 'c3', 'c4'])
        kw += (Math.sqrt(3) * 400 * (runtime.signals.get(`ev/${id}/limitA`) as number)) / 1000;
      // 30 kW − 22 kW unmanaged = 8 kW: one charger at 6 A at most (two would need 8.3 kW).
      assert.ok(kw <= 8 + 1e-9, `${kw} kW`);
      const demanding = ['c2', 'c3', 'c4'].filter(
        (id) => (runtime.signals.get(`ev/${id}/demandA`) as number) > 0,
      );
      const served = demanding.filter((id) => (runtime.signals.get(`ev/${id}/limitA`) as number) > 0);
      if (demanding.length > 0) assert.deepEqual(served, demanding.slice(0, 1), 'the first in id order');
      chargers(clock.now());
    }
    await runtime.stop();
  });
});

describe('parking server: measurements, statuses and faults', () => {
  test('measurements from the runtime are published, clamped to the typical ranges', async () => {
    const env: Record<string, number> = {
      cpuPercent: 37.25,
      memoryPercent: 61,
      dbLatencyMs: 3.4,
      apiRequestsPerSecond: 12,
      connectedDevices: 14,
      bmsClients: 1,
      clusterNodes: 3,
      clusterNodesHealthy: 3,
    };
    const { runtime, clock, value } = await openSite({ env });
    runtime.start();
    clock.advance(MIN);
    assert.equal(value('server-cpu-usage'), 37.3);
    assert.equal(value('server-memory-usage'), 61);
    assert.equal(value('database-response-time'), 3.4);
    assert.equal(value('api-request-rate'), 12);
    assert.equal(value('connected-devices'), 14);
    assert.equal(value('bms-integration-status'), 'CONNECTED');
    assert.equal(value('cluster-status'), 'HEALTHY');
    Object.assign(env, {
      cpuPercent: 140,
      dbLatencyMs: 0.2,
      apiRequestsPerSecond: 5000,
      connectedDevices: 900,
      bmsClients: 0,
      clusterNodesHealthy: 2,
      ocppBackendRunning: 0,
    });
    clock.advance(MIN);
    assert.equal(value('server-cpu-usage'), 100);
    assert.equal(value('database-response-time'), 1);
    assert.equal(value('api-request-rate'), 1000);
    assert.equal(value('connected-devices'), 500);
    assert.equal(value('bms-integration-status'), 'DISCONNECTED');
    assert.equal(value('cluster-status'), 'DEGRADED');
    assert.equal(value('ocpp-backend-status'), 'STOPPED');
    Object.assign(env, { clusterNodesHealthy: 0, dbOk: 0, securityAlerts: 4 });
    clock.advance(MIN);
    assert.equal(value('cluster-status'), 'FAULT');
    assert.equal(value('database-status'), 'DISCONNECTED');
    assert.equal(value('database-response-time'), 1000, 'the probe timed out');
    assert.equal(value('security-alert'), true, 'failed logins');
    clock.advance(24 * HOUR);
    assert.equal(value('security-alert'), true, 'held until acknowledged');
    await acknowledge(runtime, 'ps.security-alert');
    clock.advance(MIN);
    assert.equal(value('security-alert'), false);
    env.securityAlerts = 5;
    clock.advance(MIN);
    assert.equal(value('security-alert'), true, 'a new incident raises it again');
    await runtime.stop();
  });

  test('each fault sets its status within a step and clearing restores it', async () => {
    const { runtime, clock, value } = await openSite();
    runtime.start();
    clock.advance(MIN);
    const cases: Array<[string, string, Value, Value]> = [
      ['server-error', 'server-status', 'ERROR', 'RUNNING'],
      ['database-down', 'database-status', 'DISCONNECTED', 'CONNECTED'],
      ['database-error', 'database-status', 'ERROR', 'CONNECTED'],
      ['payment-gateway-offline', 'payment-gateway-status', 'OFFLINE', 'ONLINE'],
      ['payment-gateway-error', 'payment-gateway-status', 'ERROR', 'ONLINE'],
      ['ocpp-backend-down', 'ocpp-backend-status', 'STOPPED', 'RUNNING'],
      ['cluster-degraded', 'cluster-status', 'DEGRADED', 'HEALTHY'],
      ['cluster-fault', 'cluster-status', 'FAULT', 'HEALTHY'],
      ['backup-failure', 'backup-status', 'FAILED', 'OK'],
      ['security-incident', 'security-alert', true, false],
    ];
    assert.deepEqual(
      [...parkingServerBehaviour.faults].sort(),
      [...cases.map((c) => c[0]), 'bms-disconnected'].sort(),
    );
    for (const [fault, point, faulty, normal] of cases) {
      assert.equal(runtime.setFault('ps', fault, true, 'test'), null);
      clock.advance(30_000);
      assert.equal(value(point), faulty, `${fault} → ${point}`);
      runtime.setFault('ps', fault, false, 'test');
      if (fault === 'security-incident') await acknowledge(runtime, 'ps.security-alert');
      clock.advance(30_000);
      assert.equal(value(point), normal, `${fault} cleared`);
    }
    await runtime.stop();
  });

  test('payment gateway offline: exits still priced and counted, payments queued then settled', async () => {
    const { runtime, clock, events, kinds, value } = await openSite();
    runtime.start();
    clock.advance(17 * HOUR);
    runtime.setFault('ps', 'payment-gateway-offline', true, 'test');
    const from = clock.now();
    clock.advance(HOUR);
    runtime.setFault('ps', 'payment-gateway-offline', false, 'test');
    const to = clock.now();
    clock.advance(MIN);
    await runtime.stop();
    const offline = exitsOf(events).filter((x) => x.step > from && x.step <= to);
    const paid = offline.filter((x) => x.price > 0);
    assert.ok(paid.length > 10 && paid.every((x) => x.queued));
    const settled = kinds('payment-gateway').at(-1)?.event.data as { settled: number; amount: number };
    assert.equal(settled.settled, paid.length);
    assert.equal(
      Math.round(settled.amount * 100),
      paid.reduce((s, x) => s + Math.round(x.price * 100), 0),
    );
    assert.equal(value('payment-gateway-status'), 'ONLINE');
  });

  test('System Enable DISABLE: Server Status MAINTENANCE until enabled again', async () => {
    const { runtime, clock, write, value, kinds } = await openSite();
    runtime.start();
    await write('system-enable', 'DISABLE');
    clock.advance(30_000);
    assert.equal(value('server-status'), 'MAINTENANCE');
    assert.equal((await write('tariff-profile', 'event')).ok, false, 'the site is disabled');
    clock.advance(HOUR);
    assert.ok((value('total-occupied') as number) >= 0);
    await write('system-enable', 'ENABLE');
    clock.advance(30_000);
    assert.equal(value('server-status'), 'RUNNING');
    assert.deepEqual(
      [...kinds('maintenance'), ...kinds('maintenance-ended')].map((e) => e.event.point),
      ['system-enable', 'system-enable'],
    );
    await runtime.stop();
  });

  test('License Status from licenseExpires: VALID, EXPIRING within 30 days, EXPIRED after', async () => {
    for (const [licenseExpires, word] of [
      [undefined, 'VALID'],
      ['2026-03-01', 'VALID'],
      ['2026-01-20', 'EXPIRING'],
      ['2026-01-04', 'EXPIRED'],
    ] as const) {
      const { runtime, clock, value } = await openSite({ params: licenseExpires ? { licenseExpires } : {} });
      runtime.start();
      clock.advance(30_000);
      assert.equal(value('license-status'), word, `${licenseExpires}`);
      await runtime.stop();
    }
  });

  test('random faults come and go at their rate, and never when randomFaults is false', async () => {
    const on = await openSite({ params: { randomFaults: true, faultRatePerDay: 24, faultDurationMin: 20 } });
    on.runtime.start();
    on.clock.advance(DAY);
    await on.runtime.stop();
    const started = on.kinds('fault');
    const cleared = on.kinds('fault-cleared');
    assert.ok(started.length > 5 && started.length < 40, `${started.length} faults`);
    assert.ok(cleared.length >= started.length - 1);
    cleared.forEach((c, i) => {
      assert.equal(c.t - (started[i] as { t: number }).t, 20 * MIN);
    });
    const off = await openSite({ params: { randomFaults: false, faultRatePerDay: 24 } });
    off.runtime.start();
    off.clock.advance(DAY);
    await off.runtime.stop();
    assert.equal(off.kinds('fault').length, 0);
  });
});

describe('parking server: commands that do real work', () => {
  test('backup: IN_PROGRESS until its result, then OK with Last Backup Time, or FAILED', async () => {
    const asked: Effect[] = [];
    const finish: Array<(r: Omit<EffectResult, 'at'>) => void> = [];
    const effects: EffectHandler = {
      run: (_device, effect) => {
        asked.push(effect);
        if (effect.kind === 'backup') return new Promise((resolve) => finish.push(resolve));
        return { kind: effect.kind, ok: true, message: `${effect.kind} ok` };
      },
    };
    const { runtime, clock, write, value, kinds } = await openSite({ effects });
    runtime.start();
    clock.advance(10 * HOUR);
    await write('database-backup', 'BACKUP');
    clock.advance(30_000);
    assert.equal(value('backup-status'), 'IN_PROGRESS');
    assert.deepEqual(asked, [{ kind: 'backup' }]);
    clock.advance(5 * MIN);
    assert.equal(value('backup-status'), 'IN_PROGRESS');
    const doneAt = clock.now();
    finish[0]?.({ kind: 'backup', ok: true, message: 'backups/2026-01-05' });
    await new Promise((resolve) => setImmediate(resolve));
    clock.advance(30_000);
    assert.equal(value('backup-status'), 'OK');
    assert.equal(value('last-backup-time'), new Date(doneAt).toISOString());
    assert.equal(kinds('backup').at(-1)?.event.message, 'Database backup done: backups/2026-01-05');
    await write('database-backup', true);
    clock.advance(30_000);
    finish[1]?.({ kind: 'backup', ok: false, message: 'disk full' });
    await new Promise((resolve) => setImmediate(resolve));
    clock.advance(30_000);
    assert.equal(value('backup-status'), 'FAILED');
    assert.equal(value('last-backup-time'), new Date(doneAt).toISOString(), 'kept from the last good one');

    await write('report-generation', 'GENERATE');
    await write('notification-send', 'SEND');
    await write('integration-sync', 'SYNC');
    clock.advance(30_000);
    assert.deepEqual(
      asked.slice(2).map((e) => e.kind),
      ['report', 'notify', 'sync'],
    );
    assert.equal((asked[2]?.data as { date: string }).date, '2026-01-05');
    assert.match((asked[3]?.data as { message: string }).message, /^Test notification from ps at /);
    clock.advance(30_000);
    assert.deepEqual(
      ['report', 'notification', 'sync'].map((k) => kinds(k).at(-1)?.event.message),
      ['Report done: report ok', 'Notification done: notify ok', 'Integration sync done: sync ok'],
    );
    runtime.setFault('ps', 'database-down', true, 'test');
    await write('database-backup', 'BACKUP');
    clock.advance(30_000);
    assert.equal(asked.length, 5, 'no backup asked of a database that is down');
    assert.match(kinds('backup-failed').at(-1)?.event.message ?? '', /database not connected/);
    await runtime.stop();
  });

  test('the report of the day is asked with its local date', async () => {
    const asked: Effect[] = [];
    const effects: EffectHandler = {
      run: (_d, effect) => {
        asked.push(effect);
        return { kind: effect.kind, ok: true, message: 'ok' };
      },
    };
    // 23:30 UTC on the 5th is 00:30 on the 6th in Paris.
    const { runtime, clock, write } = await openSite({ effects, start: Date.UTC(2026, 0, 5, 23, 30) });
    runtime.start();
    await write('report-generation', 'GENERATE');
    clock.advance(30_000);
    await runtime.stop();
    assert.equal((asked[0]?.data as { date: string }).date, '2026-01-06');
  });
});

describe('parking server: reproducibility and restarts', () => {
  test('same seed, same values; another seed, other values', async () => {
    const run = async (seed: number) => {
      const { runtime, clock, samples } = await openSite({ seed });
      runtime.start();
      clock.advance(DAY);
      await runtime.stop();
      return JSON.stringify([...samples]);
    };
    const a = await run(3);
    assert.equal(await run(3), a);
    assert.notEqual(await run(4), a);
  });

  test("today's totals, the cars present and the counters survive a restart; a new day starts at zero", async () => {
    const store = new MemoryStore();
    const first = await openSite({ store });
    first.runtime.start();
    first.runtime.signals.set('ev/c1/available', 1);
    first.clock.advance(14 * HOUR);
    await first.runtime.stop();
    const keep = ['revenue-today', 'transactions-today', 'average-stay-duration', 'total-occupied'];
    const before = keep.map((id) => first.value(id));
    assert.ok((before[1] as number) > 100);
    const counters = first.runtime.runners.get('ps')?.counters() as Record<string, number>;
    assert.ok((counters['ev-plugins/c1'] as number) > 0);

    const second = await openSite({ store, start: first.clock.now() });
    assert.deepEqual(
      keep.map((id) => second.value(id)),
      before,
    );
    second.runtime.start();
    second.runtime.signals.set('ev/c1/available', 1);
    second.clock.advance(HOUR);
    await second.runtime.stop();
    assert.ok(
      (second.runtime.signals.get('ev/c1/plugins') as number) >= (counters['ev-plugins/c1'] as number),
    );
    const after = second.runtime.runners.get('ps')?.counters() as Record<string, number>;
    for (const name of [
      'transactionsTotal',
      'revenueTotalCents',
      'arrivalsTotal',
      'turnedAwayTotal',
      'ev-plugins/c1',
    ]) {
      assert.ok((after[name] as number) >= (counters[name] as number), `${name} only increases`);
    }
    assert.ok((after.transactionsTotal as number) > (counters.transactionsTotal as number));

    const nextDay = await openSite({ store, start: second.clock.now() + DAY });
    assert.equal(nextDay.value('revenue-today'), 0);
    assert.equal(nextDay.value('transactions-today'), 0);
    const later = nextDay.runtime.runners.get('ps')?.counters() as Record<string, number>;
    assert.equal(later.transactionsTotal, after.transactionsTotal, 'all-time totals kept');
  });

  test('a bad parameter stops the site from opening, naming the device and the parameter', async () => {
    await assert.rejects(
      openSite({ params: { capacity: -3 } }),
      /device ps: parameter 'capacity' must be at least 1/,
    );
    await assert.rejects(
      openSite({ params: { occupancyProfile: 'stadium' } }),
      /'occupancyProfile' names no profile/,
    );
  });
});
