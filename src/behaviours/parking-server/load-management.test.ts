import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { type ChargerLink, ChargerRoster } from './chargers.js';
import { kwPerAmp, LoadBalancer, type LoadSettings } from './load-management.js';

const settings = (limitKw: number): LoadSettings => ({
  limitKw,
  minA: 6,
  powerFactor: 1,
  unmanagedLimitA: 80,
  startReserveMs: 60_000,
  defaultPhases: 3,
  defaultVoltageV: 400,
});

interface Charger {
  managed: boolean;
  demandA: number;
  powerKw?: number;
  phases?: number;
  voltageV?: number;
}

function run(limitKw: number, chargers: Charger[]): { limits: number[]; links: ChargerLink[]; kw: number } {
  const signals = new Map<string, number>();
  chargers.forEach((c, i) => {
    const id = `c${i}`;
    signals.set(`ev/${id}/available`, 1);
    signals.set(`ev/${id}/managed`, c.managed ? 1 : 0);
    signals.set(`ev/${id}/demandA`, c.demandA);
    signals.set(`ev/${id}/powerKw`, c.powerKw ?? 0);
    if (c.phases !== undefined) signals.set(`ev/${id}/phases`, c.phases);
    if (c.voltageV !== undefined) signals.set(`ev/${id}/voltageV`, c.voltageV);
  });
  const roster = new ChargerRoster(new Map());
  roster.refresh(signals);
  new LoadBalancer(settings(limitKw)).allocate(roster.links, signals, 0);
  const byId = new Map(roster.links.map((l) => [l.id, l]));
  const links = chargers.map((_, i) => byId.get(`c${i}`) as ChargerLink);
  const kw = chargers.reduce(
    (sum, c, i) =>
      sum + (c.managed ? kwPerAmp(c.phases, c.voltageV, settings(0)) * (links[i]?.limit ?? 0) : 0),
    0,
  );
  return { limits: links.map((l) => l.limit), links, kw };
}

test('equal share in amperes between the managed chargers that demand current', () => {
  // 44 kW over four 3-phase 400 V chargers: 44 000 / (4 × √3 × 400) = 15.87 A each.
  const { limits, kw } = run(
    44,
    [1, 2, 3, 4].map(() => ({ managed: true, demandA: 32 })),
  );
  assert.deepEqual(limits, [15.8, 15.8, 15.8, 15.8]);
  assert.ok(kw <= 44);
});

test('a car that wants less keeps only that; the others share what it leaves (water-filling)', () => {
  const { limits, kw } = run(44, [
    { managed: true, demandA: 8 },
    { managed: true, demandA: 32 },
    { managed: true, demandA: 32 },
    { managed: true, demandA: 0 },
  ]);
  assert.equal(limits[0], 8);
  assert.equal(limits[1], limits[2]);
  assert.ok((limits[1] as number) > 15.8 && (limits[1] as number) < 32);
  assert.equal(limits[3], 0, 'no demand: nothing reserved');
  assert.ok(kw <= 44 && kw > 43.5);
});

test('below 6 A each: the first chargers in id order get 6 A, the rest pause at 0 A', () => {
  // 6 A at 400 V 3-phase is 4.16 kW: 10 kW serves two chargers.
  const { limits } = run(
    10,
    [1, 2, 3, 4].map(() => ({ managed: true, demandA: 32 })),
  );
  assert.deepEqual(
    limits.map((a) => (a >= 6 ? 'on' : a)),
    ['on', 'on', 0, 0],
  );
  assert.equal(limits[0], 7.2, 'the two share the whole 10 kW');
});

test('unmanaged chargers draw first and get no limit of their own', () => {
  const { limits } = run(30, [
    { managed: false, demandA: 32, powerKw: 22 },
    { managed: true, demandA: 32 },
    { managed: true, demandA: 32 },
  ]);
  assert.equal(limits[0], 80);
  // 8 kW left: one charger at 6 A (4.16 kW) … two need 8.3 kW: only the first runs.
  assert.ok((limits[1] as number) >= 6);
  assert.equal(limits[2], 0);
});

test('a charger just sent a car is reserved the minimum until its session demands current', () => {
  const signals = new Map<string, number>([
    ['ev/a/available', 1],
    ['ev/a/managed', 1],
    ['ev/b/available', 1],
    ['ev/b/managed', 1],
    ['ev/b/demandA', 32],
  ]);
  const roster = new ChargerRoster(new Map());
  roster.refresh(signals);
  const balancer = new LoadBalancer(settings(22));
  const now = 1_000_000;
  assert.equal(roster.dispatch(signals, now)?.id, 'a');
  balancer.allocate(roster.links, signals, now + 30_000);
  assert.deepEqual(
    roster.links.map((l) => l.limit),
    [6, 25.7],
    '22 kW = 31.7 A: 6 A reserved for a, the rest for b',
  );
  balancer.allocate(roster.links, signals, now + 90_000);
  assert.deepEqual(
    roster.links.map((l) => l.limit),
    [0, 31.7],
    'no session after a minute: the reserve ends',
  );
  // A tight limit: a charging car is never paused for a session that has not started.
  const tight = new LoadBalancer(settings(5));
  tight.allocate(roster.links, signals, now + 30_000);
  assert.deepEqual(
    roster.links.map((l) => l.limit),
    [0, 7.2],
  );
});

test('single-phase chargers turn the budget into amperes with U·I', () => {
  const { limits } = run(7.36, [{ managed: true, demandA: 40, phases: 1, voltageV: 230 }]);
  assert.equal(limits[0], 32);
});

test('property: the managed chargers never exceed the budget left by the unmanaged ones', () => {
  const charger = fc.record({
    managed: fc.boolean(),
    demandA: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 63, noNaN: true })),
    powerKw: fc.double({ min: 0, max: 22, noNaN: true }),
    phases: fc.constantFrom(1, 3),
    voltageV: fc.constantFrom(230, 400, 415),
  });
  fc.assert(
    fc.property(
      fc.double({ min: 0, max: 200, noNaN: true }),
      fc.array(charger, { maxLength: 12 }),
      (limitKw, chargers) => {
        const { limits, kw } = run(limitKw, chargers);
        const unmanagedKw = chargers.reduce((s, c) => s + (c.managed ? 0 : c.powerKw), 0);
        assert.ok(
          kw <= Math.max(0, limitKw - unmanagedKw) + 1e-6,
          `${kw} kW over ${limitKw} − ${unmanagedKw}`,
        );
        chargers.forEach((c, i) => {
          const a = limits[i] as number;
          if (!c.managed) assert.equal(a, 80);
          else if (c.demandA <= 0) assert.equal(a, 0);
          else
            assert.ok(
              a === 0 || (a >= 6 && a <= Math.max(6, c.demandA)),
              `limit ${a} for demand ${c.demandA}`,
            );
        });
      },
    ),
    { numRuns: 500 },
  );
});
