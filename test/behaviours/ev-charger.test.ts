// The EV charger behaviour over days of virtual time, in the real runtime, checked as an electrical engineer
// and an OCPP operator would check its trends: every invariant at every published sample, with the charger's
// own arrivals and with the test playing the car park (its `plugins` and `limitA` signals).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { BehaviourEvent } from '../../src/behaviours/behaviour.js';
import { evChargerBehaviour } from '../../src/behaviours/ev-charger/behaviour.js';
import { evSignal } from '../../src/behaviours/signals.js';
import { VirtualClock } from '../../src/core/clock.js';
import { createRng } from '../../src/core/rng.js';
import type { Value } from '../../src/core/value.js';
import type { Point } from '../../src/points/model.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { makeSite, T0 } from '../runtime/site-fixture.js';

const ID = 'ev-1';
const SECOND = 1000;
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const SQRT3 = Math.sqrt(3);

/** One thing that happened, in the order it happened: a published sample, an event, a signal set by the test. */
type Happening =
  | { type: 'sample'; t: number; point: string; value: Value; command: boolean }
  | { type: 'event'; t: number; event: BehaviourEvent }
  | { type: 'signal'; t: number; name: string; value: number }
  | { type: 'command'; t: number; point: string; value: Value };

/** A charger in a runtime on a virtual clock, recording everything it publishes. */
class Harness {
  readonly records: Happening[] = [];
  private constructor(
    readonly runtime: Runtime,
    readonly clock: VirtualClock,
    readonly store: MemoryStore,
    readonly params: Record<string, unknown>,
  ) {}

  static async open(
    params: Record<string, unknown>,
    options: { seed?: number; store?: MemoryStore; start?: number } = {},
  ): Promise<Harness> {
    const clock = new VirtualClock(options.start ?? T0);
    const store = options.store ?? new MemoryStore();
    const box: { h?: Harness } = {};
    const runtime = await Runtime.open({
      site: makeSite([
        [ID, 'ev-charger-level-2', { phases: 3, nominalVoltageV: 400, maxCurrentA: 32, ...params }],
      ]),
      store,
      clock,
      seed: options.seed ?? 1,
      behaviourFor: () => evChargerBehaviour as never,
      sampleSinks: [
        (entry, t, value) =>
          box.h?.records.push({
            type: 'sample',
            t,
            point: entry.point.id,
            value,
            command: entry.point.kind === 'command',
          }),
      ],
      eventSinks: [(_device, t, event) => box.h?.records.push({ type: 'event', t, event })],
    });
    const h = new Harness(runtime, clock, store, params);
    box.h = h;
    runtime.start();
    // The effective commands as the test knows them (from each write's answer), in force from the next step.
    for (const point of POINTS.values())
      if (point.kind === 'command' && point.type !== 'action')
        h.records.push({ type: 'command', t: clock.now(), point: point.id, value: h.value(point.id) });
    return h;
  }

  value(point: string): Value {
    return this.runtime.points.value(this.runtime.points.indexOf(`${ID}.${point}`) as number);
  }
  num(point: string): number {
    return this.value(point) as number;
  }
  signal(name: Parameters<typeof evSignal>[1]): number | undefined {
    return this.runtime.signals.get(evSignal(ID, name));
  }
  /** Plays the car park: sets one of its signals, in force from the charger's next step. */
  setSignal(name: 'plugins' | 'limitA', value: number): void {
    this.runtime.signals.set(evSignal(ID, name), value);
    this.records.push({ type: 'signal', t: this.clock.now(), name, value });
  }
  /** The car park sends one more car. */
  sendCar(): void {
    this.setSignal('plugins', (this.signal('plugins') ?? 0) + 1);
  }
  async write(point: string, value: unknown, level?: number): Promise<void> {
    const result = await this.runtime.writes.write({
      key: `${ID}.${point}`,
      value,
      level,
      who: 'test',
      role: 'admin',
      via: 'test',
    });
    assert.ok(result.ok, JSON.stringify(result));
    if (result.ok) this.records.push({ type: 'command', t: this.clock.now(), point, value: result.value });
  }
  fault(name: string, active: boolean): void {
    assert.equal(this.runtime.setFault(ID, name, active, 'test'), null);
  }
  advance(ms: number): void {
    this.clock.advance(ms);
  }
  /** Advances one step at a time until `done` holds (at most `limitMs`). */
  until(done: () => boolean, limitMs: number, what: string): void {
    for (let waited = 0; !done(); waited += SECOND) {
      assert.ok(waited < limitMs, `${what}: not within ${limitMs / MINUTE} min`);
      this.clock.advance(SECOND);
    }
  }
  events(kind?: string): Array<{ t: number; event: BehaviourEvent }> {
    return this.records.filter(
      (r): r is Extract<Happening, { type: 'event' }> =>
        r.type === 'event' && (!kind || r.event.kind === kind),
    );
  }
  samples(point: string): Array<{ t: number; value: Value }> {
    return this.records.filter(
      (r): r is Extract<Happening, { type: 'sample' }> => r.type === 'sample' && r.point === point,
    );
  }
  async stop(): Promise<void> {
    await this.runtime.stop();
  }
}

const POINTS = new Map<string, Point>(
  makeSite([[ID, 'ev-charger-level-2']]).devices[0]?.profile.points.map((p) => [p.id, p]) ?? [],
);

const LEGAL_SESSION_MOVES = new Set([
  'IDLE>CHARGING',
  'CHARGING>COMPLETE',
  'COMPLETE>IDLE',
  'IDLE>FAULT',
  'CHARGING>FAULT',
  'COMPLETE>FAULT',
  'FAULT>IDLE',
  'FAULT>COMPLETE',
]);

/**
 * Replays everything the charger published, step by step, and checks every invariant of behaviour.md at
 * each step. Commands and signals take effect at the step after they were set, as in the runtime.
 */
function checkInvariants(h: Harness): { steps: number; sessions: number; chargingSteps: number } {
  const p = { nominalVoltageV: 400, maxCurrentA: 32, phases: 3, ...h.params } as {
    nominalVoltageV: number;
    maxCurrentA: number;
    phases: number;
  };
  const cur = new Map<string, Value>();
  const signals = new Map<string, number>();
  let vehicleMax = Number.POSITIVE_INFINITY;
  let pluggedAt = 0;
  let energyIntegral = 0;
  let lastPowerT = 0;
  let lastEnergy = 0;
  let lastRfid = 0;
  let lastSession = 'IDLE';
  let steps = 0;
  let sessions = 0;
  let chargingSteps = 0;
  let i = 0;
  const r = h.records;
  const fail = (t: number, what: string) => assert.fail(`${new Date(t).toISOString()}: ${what}`);

  // The snapshot at the start: every point, commands among them, all at the first time.
  const start = r[0]?.t;
  for (; i < r.length && r[i]?.t === start; i++) {
    const x = r[i] as Happening;
    if (x.type === 'sample' || x.type === 'command') cur.set(x.point, x.value);
  }
  while (i < r.length) {
    const first = r[i] as Happening;
    if (first.type === 'signal') {
      signals.set(first.name, first.value);
      i++;
      continue;
    }
    if (first.type === 'command') {
      cur.set(first.point, first.value);
      i++;
      continue;
    }
    if (first.type === 'sample' && first.command) {
      i++; // the write's answer (a 'command' record) says the same
      continue;
    }
    // One step: the samples and events of one time, up to the next command or signal.
    const t = first.t;
    const group = new Map<string, Value>();
    const limits = {
      limit: cur.get('max-current-limit') as number | undefined,
      enabled: cur.get('charge-enable') !== false,
      managed: cur.get('load-management-enable') !== false && cur.get('charge-mode') !== 'NORMAL',
      share: signals.get('limitA'),
    };
    for (; i < r.length; i++) {
      const x = r[i] as Happening;
      if (x.t !== t || x.type === 'signal' || x.type === 'command' || (x.type === 'sample' && x.command))
        break;
      if (x.type === 'sample') group.set(x.point, x.value);
      else if (x.event.kind === 'vehicle-arrived') {
        vehicleMax = x.event.data?.vehicleMaxCurrentA as number;
        pluggedAt = t;
        energyIntegral = 0;
        sessions++;
      }
    }
    for (const [k, v] of group) cur.set(k, v);
    steps++;

    // Values inside the points list's typical range.
    for (const [k, v] of group) {
      const point = POINTS.get(k) as Point;
      if (point.type === 'number' && (v as number) < (point.min as number))
        fail(t, `${k} ${v} below its range`);
      if (point.type === 'number' && (v as number) > (point.max as number))
        fail(t, `${k} ${v} above its range`);
      if (point.type === 'enum' && !point.enum?.includes(v as string))
        fail(t, `${k} ${v} not a word of its list`);
    }

    const I = cur.get('output-current') as number;
    const P = cur.get('active-power') as number;
    const U = cur.get('output-voltage') as number;
    const PF = cur.get('power-factor') as number;
    const session = cur.get('session-status') as string;
    const cable = cur.get('cable-connected') as boolean;
    const ground = cur.get('ground-fault') as boolean;

    // P = √3·U·I·PF/1000 (or U·I·PF/1000) for the values published at the same time.
    if (group.has('active-power') && group.has('output-voltage') && group.has('power-factor')) {
      const expected = ((p.phases === 3 ? SQRT3 : 1) * U * I * PF) / 1000;
      if (Math.abs(P - expected) > 0.001) fail(t, `P ${P} kW but U·I·PF gives ${expected}`);
    }
    // Current: never above any limit, 0 unless charging with Charge Enable on and no fault.
    if (I > p.maxCurrentA) fail(t, `I ${I} above the hardware max`);
    if (limits.limit !== undefined && I > limits.limit)
      fail(t, `I ${I} above Max Current Limit ${limits.limit}`);
    if (cable && I > vehicleMax) fail(t, `I ${I} above the vehicle's ${vehicleMax} A`);
    if (limits.managed && limits.share !== undefined) {
      if (I > limits.share) fail(t, `I ${I} above the load-management share ${limits.share}`);
      if (limits.share < 6 && I > 0) fail(t, `I ${I} although the share ${limits.share} is below 6 A`);
    }
    if (I > 0 && !(session === 'CHARGING' && limits.enabled && !ground))
      fail(t, `I ${I} while ${session}, enabled ${limits.enabled}, ground fault ${ground}`);
    if (P > 0 && I === 0) fail(t, 'power without current');
    if (I > 0) {
      chargingSteps++;
      if (PF < 0.95 || PF > 1) fail(t, `PF ${PF} while charging`);
    }
    if (Math.abs(U - p.nominalVoltageV) > p.nominalVoltageV * 0.02 + 1e-9) fail(t, `U ${U} outside ±2 %`);
    const f = cur.get('frequency') as number;
    if (Math.abs(f - 50) > 0.05 + 1e-9) fail(t, `frequency ${f}`);

    // Energy = ∫P dt over the session: 0 at its start, never decreasing, 0 with no car.
    if (group.has('active-power')) {
      if (lastPowerT > 0) energyIntegral += (P * (t - lastPowerT)) / HOUR;
      lastPowerT = t;
    }
    if (group.has('energy-delivered')) {
      const e = group.get('energy-delivered') as number;
      if (!cable && e !== 0) fail(t, `energy ${e} with no car`);
      if (cable && e < lastEnergy) fail(t, `energy went down from ${lastEnergy} to ${e}`);
      if (cable && Math.abs(e - energyIntegral) > 0.002) fail(t, `energy ${e} but ∫P dt = ${energyIntegral}`);
      lastEnergy = cable ? e : 0;
    }
    if (group.has('cable-connected') && cable) lastEnergy = 0;

    // Session: no CHARGING without a cable, no AVAILABLE connector with one, legal moves only.
    const connector = cur.get('connector-status') as string;
    const charger = cur.get('charger-status') as string;
    if (session === 'CHARGING' && !cable) fail(t, 'CHARGING without a cable');
    if (connector === 'AVAILABLE' && cable) fail(t, 'connector AVAILABLE with a cable');
    if (cable && connector !== 'OCCUPIED' && connector !== 'FAULTED')
      fail(t, `cable in, connector ${connector}`);
    if (!cable && connector === 'OCCUPIED') fail(t, 'connector OCCUPIED without a cable');
    if (session !== lastSession) {
      if (!LEGAL_SESSION_MOVES.has(`${lastSession}>${session}`))
        fail(t, `session ${lastSession} → ${session}`);
      lastSession = session;
    }
    if ((charger === 'CHARGING') !== (session === 'CHARGING' && charger !== 'ERROR' && charger !== 'OFFLINE'))
      if (charger !== 'OFFLINE') fail(t, `charger ${charger} with session ${session}`);
    // A ground fault shows everywhere at once; OCPP link state is shown by the charger status.
    const faultWords = [ground, cur.get('fault-code') === 'GroundFailure', charger === 'ERROR'];
    faultWords.push(connector === 'FAULTED', session === 'FAULT');
    if (faultWords.some((x) => x !== ground)) fail(t, `ground fault ${ground} but ${faultWords.join(',')}`);
    if (!ground && cur.get('fault-code') !== 'NoError') fail(t, `fault code ${cur.get('fault-code')}`);
    if (cur.get('ocpp-connection') === 'DISCONNECTED' && charger !== 'OFFLINE' && charger !== 'ERROR')
      fail(t, `link down but charger ${charger}`);
    if (charger === 'OFFLINE' && cur.get('ocpp-connection') !== 'DISCONNECTED')
      fail(t, 'OFFLINE with link up');

    // Duration: minutes since the car plugged in, 0 without one.
    if (group.has('charge-session-duration')) {
      const d = group.get('charge-session-duration') as number;
      const expected = cable ? Math.floor((t - pluggedAt) / MINUTE) : 0;
      if (d !== expected) fail(t, `session duration ${d}, expected ${expected}`);
    }
    // RFID Read Count only counts up.
    const rfid = cur.get('rfid-read-count') as number;
    if (rfid < lastRfid) fail(t, 'RFID Read Count went down');
    lastRfid = rfid;
  }
  return { steps, sessions, chargingSteps };
}

/** A car-park harness: the charger's own arrivals are off as soon as the plugins signal exists. */
async function carPark(params: Record<string, unknown> = {}, seed = 1): Promise<Harness> {
  const h = await Harness.open({ randomFaults: false, rfidFailureRate: 0, ...params }, { seed });
  h.setSignal('plugins', 0);
  return h;
}

/** Sends a car and waits until it charges. */
function chargeOne(h: Harness): void {
  h.sendCar();
  h.until(
    () => h.value('session-status') === 'CHARGING' && h.num('output-current') > 0,
    5 * MINUTE,
    'charging',
  );
}

/** A long session with a 32 A car: it charges for hours unless stopped. */
const BIG_CAR = {
  vehicleMaxCurrentsA: [32],
  vehicleShares: [1],
  sessionEnergyKwh: 60,
  sessionEnergySpread: 0,
  dwellMinH: 8,
  dwellMaxH: 8,
};

describe('ev charger over days with its own arrivals', async () => {
  const h = await Harness.open({ arrivalsPerDay: 14, randomFaults: false });
  h.advance(3 * DAY);
  await h.stop();

  test('every invariant holds at every published sample', () => {
    const { steps, sessions, chargingSteps } = checkInvariants(h);
    assert.ok(steps >= 3 * 86_400, `${steps} steps`);
    assert.ok(sessions >= 6, `${sessions} sessions`);
    assert.ok(chargingSteps > 3600, `${chargingSteps} steps with current`);
  });

  test('sessions run their full course; busy chargers turn cars away', () => {
    assert.ok(h.events('session-complete').length >= 4, 'sessions complete');
    assert.ok(h.events('vehicle-left').length >= 5, 'cars leave');
    assert.ok(h.events('vehicle-turned-away').length >= 1, 'cars turned away');
    const energies = h.events('session-complete').map((e) => e.event.data?.energyKwh as number);
    assert.ok(
      energies.every((e) => e >= 1 && e <= 60.1),
      energies.join(' '),
    );
  });

  test('arrivals follow the office profile in local time', () => {
    const hours = h.events('vehicle-arrived').map((e) => (new Date(e.t).getUTCHours() + 1) % 24); // Paris, winter
    assert.ok(
      hours.every((x) => x >= 5 && x < 22),
      hours.join(' '),
    );
  });

  test('the charger warms under load and cools after', () => {
    const temps = h.samples('charger-temperature');
    const power = h.samples('active-power');
    const byTime = new Map(power.map((s) => [s.t, s.value as number]));
    const powerAt = (t: number) => byTime.get(t) as number;
    let rises = 0;
    let falls = 0;
    for (let k = 1; k < temps.length; k++) {
      const dT = (temps[k]?.value as number) - (temps[k - 1]?.value as number);
      const pw = powerAt(temps[k]?.t as number);
      if (pw > 5 && dT > 0) rises++;
      if (pw > 5 && dT < -0.2) assert.fail('cooled by more than 0.2 K in a minute under load');
      if (pw === 0 && dT < 0) falls++;
    }
    assert.ok(rises > 20 && falls > 20, `${rises} rises under load, ${falls} falls`);
    const all = temps.map((s) => s.value as number);
    assert.ok(Math.max(...all) - Math.min(...all) > 4, 'a visible daily and load cycle');
  });
});

describe('ev charger with random faults', async () => {
  const h = await Harness.open({
    arrivalsPerDay: 14,
    groundFaultsPerDay: 3,
    groundFaultResetMin: 30,
    offlinePerDay: 6,
  });
  h.advance(2 * DAY);
  await h.stop();

  test('every invariant holds through faults', () => {
    checkInvariants(h);
  });

  test('ground faults and link losses happen and clear by themselves', () => {
    assert.ok(h.events('alarm').length >= 2, 'ground faults');
    assert.ok(h.events('alarm-cleared').length >= 1, 'ground faults reset');
    assert.ok(h.events('ocpp-offline').length >= 4, 'link losses');
    assert.ok(h.events('ocpp-online').length >= 3, 'link restored');
    assert.ok(
      h.samples('charger-status').some((s) => s.value === 'OFFLINE'),
      'OFFLINE seen',
    );
    assert.ok(
      h.samples('charger-status').some((s) => s.value === 'ERROR'),
      'ERROR seen',
    );
  });

  test('randomFaults: false turns them off', async () => {
    const quiet = await Harness.open({ groundFaultsPerDay: 50, offlinePerDay: 50, randomFaults: false });
    quiet.advance(DAY / 2);
    await quiet.stop();
    assert.equal(quiet.events('alarm').length, 0);
    assert.equal(quiet.events('ocpp-offline').length, 0);
  });
});

describe('ev charger driven by a car park', async () => {
  // The test plays the car park for two days: cars come, the load-management share moves (sometimes
  // below 6 A), and an operator changes the limit, the mode and the enable switch now and then.
  const h = await carPark({
    vehicleMaxCurrentsA: [10, 16, 32],
    vehicleShares: [1, 2, 1],
    dwellMinH: 0.5,
    dwellMaxH: 4,
  });
  const rng = createRng('car park');
  const shares = [0, 3, 6, 7.5, 10, 13.3, 16, 22, 32, 40];
  for (let t = 0; t < 2 * DAY; t += 5 * MINUTE) {
    if (rng.chance(0.5)) h.setSignal('limitA', shares[rng.int(0, shares.length - 1)] as number);
    if (rng.chance(0.08)) h.sendCar();
    if (rng.chance(0.03)) await h.write('max-current-limit', rng.int(6, 32));
    if (rng.chance(0.02)) await h.write('charge-mode', rng.chance(0.5) ? 'NORMAL' : 'SMART');
    if (rng.chance(0.01)) await h.write('charge-enable', rng.chance(0.7));
    if (rng.chance(0.01)) await h.write('load-management-enable', rng.chance(0.7));
    h.advance(5 * MINUTE);
  }
  await h.stop();

  test('every invariant holds at every published sample, under every share and command', () => {
    const { sessions, chargingSteps } = checkInvariants(h);
    assert.ok(sessions >= 10, `${sessions} sessions`);
    assert.ok(chargingSteps > 3600, `${chargingSteps} steps with current`);
  });

  test('the charger pauses below 6 A and resumes', () => {
    assert.ok(h.events('charging-suspended').length >= 1, 'a pause');
    assert.ok(h.events('charging-resumed').length >= 1, 'a resumption');
  });

  test('each car sent is taken or turned away', () => {
    const sent = h.signal('plugins') as number;
    const taken = h.events('vehicle-arrived').length;
    const away = h.events('vehicle-turned-away').length;
    assert.equal(taken + away, sent);
    assert.ok(
      h.events('vehicle-turned-away').every((e) => e.event.data?.from === 'car park'),
      'only cars from the car park',
    );
  });
});

describe('signals for the car park', () => {
  test('available, managed, demand, power, energy, phases and voltage', async () => {
    const h = await carPark({ ...BIG_CAR, maxCurrentA: 32 });
    h.advance(2 * SECOND);
    assert.equal(h.signal('available'), 1);
    assert.equal(h.signal('managed'), 1, 'Load Management Enable and SMART by default');
    assert.equal(h.signal('demandA'), 0);
    assert.equal(h.signal('phases'), 3);
    assert.equal(h.signal('voltageV'), h.num('output-voltage'));
    chargeOne(h);
    assert.equal(h.signal('available'), 0);
    assert.equal(h.signal('demandA'), 32);
    h.advance(MINUTE);
    assert.equal(h.signal('powerKw'), h.num('active-power'));
    assert.ok((h.signal('energyKwh') as number) > 0.2, `${h.signal('energyKwh')} kWh`);
    await h.write('max-current-limit', 20);
    h.advance(SECOND);
    assert.equal(h.signal('demandA'), 20, 'what the car would draw without load management');
    await h.write('charge-mode', 'NORMAL');
    h.advance(SECOND);
    assert.equal(h.signal('managed'), 0);
    await h.write('charge-mode', 'SMART');
    await h.write('load-management-enable', 'DISABLE');
    h.advance(SECOND);
    assert.equal(h.signal('managed'), 0);
    await h.stop();
  });

  test('not available while disabled, unlocked or faulted', async () => {
    const h = await carPark();
    h.advance(SECOND);
    await h.write('charge-enable', 'DISABLE');
    h.advance(SECOND);
    assert.equal(h.signal('available'), 0);
    assert.equal(h.value('connector-status'), 'UNAVAILABLE');
    h.sendCar();
    h.advance(SECOND);
    assert.equal(h.events('vehicle-turned-away').at(-1)?.event.data?.reason, 'Charge Enable is DISABLE');
    await h.write('charge-enable', 'ENABLE');
    await h.write('connector-lock', 'UNLOCK');
    h.advance(SECOND);
    assert.equal(h.signal('available'), 0);
    assert.equal(h.value('connector-status'), 'UNAVAILABLE');
    await h.write('connector-lock', null);
    h.fault('ground-fault', true);
    h.advance(SECOND);
    assert.equal(h.signal('available'), 0);
    h.fault('ground-fault', false);
    h.fault('offline', true);
    h.advance(SECOND);
    assert.equal(h.signal('available'), 1, 'an offline charger still takes cars on its local list');
    await h.stop();
  });
});

describe('commands take effect within one update period (1 s)', () => {
  test('SMART follows the load-management share; NORMAL uses the full limit', async () => {
    const h = await carPark(BIG_CAR);
    h.setSignal('limitA', 10);
    chargeOne(h);
    h.advance(10 * SECOND);
    assert.ok(h.num('output-current') <= 10 && h.num('output-current') > 9, `${h.num('output-current')}`);
    await h.write('charge-mode', 'NORMAL');
    h.advance(10 * SECOND);
    assert.ok(h.num('output-current') > 30, `NORMAL: ${h.num('output-current')} A`);
    assert.ok(h.num('active-power') > 20, `${h.num('active-power')} kW`);
    await h.write('charge-mode', 'SMART');
    h.advance(SECOND);
    assert.ok(h.num('output-current') <= 10, 'back to the share at the next step');
    h.setSignal('limitA', 4);
    h.advance(SECOND);
    assert.equal(h.num('output-current'), 0, 'below 6 A: paused');
    assert.equal(h.value('session-status'), 'CHARGING', 'a pause keeps the session');
    h.setSignal('limitA', 16);
    h.advance(5 * SECOND);
    assert.ok(h.num('output-current') > 15 && h.num('output-current') <= 16, `${h.num('output-current')} A`);
    await h.write('load-management-enable', 'DISABLE');
    h.advance(10 * SECOND);
    assert.ok(h.num('output-current') > 30, 'load management off: full limit');
    await h.stop();
  });

  test('the current ramps up over a few seconds and follows Max Current Limit down at once', async () => {
    const h = await carPark(BIG_CAR);
    h.sendCar();
    h.until(() => h.num('output-current') > 0, 5 * MINUTE, 'current');
    const first = h.num('output-current');
    assert.ok(first <= 6, `starts at the minimum: ${first}`);
    h.advance(3 * SECOND);
    assert.ok(h.num('output-current') < 30, 'still ramping');
    h.advance(3 * SECOND);
    assert.ok(h.num('output-current') > 31, 'at full current after a few seconds');
    await h.write('max-current-limit', 10);
    h.advance(SECOND);
    assert.ok(h.num('output-current') <= 10 && h.num('output-current') > 9.5, `${h.num('output-current')} A`);
    await h.stop();
  });

  test('Charge Enable DISABLE stops the current and keeps the session; ENABLE resumes it', async () => {
    const h = await carPark(BIG_CAR);
    chargeOne(h);
    await h.write('charge-enable', 'DISABLE');
    h.advance(SECOND);
    assert.equal(h.num('output-current'), 0);
    assert.equal(h.num('active-power'), 0);
    assert.equal(h.value('session-status'), 'CHARGING');
    assert.equal(h.signal('demandA'), 0);
    await h.write('charge-enable', 'ENABLE');
    h.advance(10 * SECOND);
    assert.ok(h.num('output-current') > 30, `${h.num('output-current')} A`);
    await h.stop();
  });

  test('Remote Stop ends the session; the car leaves at the end of its stay', async () => {
    const h = await carPark({ ...BIG_CAR, dwellMinH: 2, dwellMaxH: 2 });
    chargeOne(h);
    h.advance(MINUTE);
    await h.write('remote-stop', 'STOP');
    h.advance(SECOND);
    assert.equal(h.value('session-status'), 'COMPLETE');
    assert.equal(h.num('output-current'), 0);
    assert.equal(h.value('charger-status'), 'AVAILABLE');
    assert.equal(h.value('cable-connected'), true);
    assert.equal(h.value('connector-status'), 'OCCUPIED');
    const end = h.events('session-end').at(-1);
    assert.equal(end?.event.data?.reason, 'Remote Stop');
    assert.ok(
      h.events('action').some((e) => e.event.message === 'Remote Stop (STOP) ran'),
      'the action is logged',
    );
    const energy = h.num('energy-delivered');
    h.advance(HOUR);
    assert.equal(h.num('energy-delivered'), energy, 'no more energy after the stop');
    h.until(() => h.value('cable-connected') === false, 2 * HOUR, 'car leaves');
    assert.equal(h.value('connector-status'), 'AVAILABLE');
    assert.equal(h.value('session-status'), 'IDLE');
    h.advance(10 * SECOND); // Energy Delivered is published every 10 s
    assert.equal(h.num('energy-delivered'), 0);
    h.advance(MINUTE);
    assert.equal(h.num('charge-session-duration'), 0);
    await h.stop();
    checkInvariants(h);
  });

  test('Connector Lock UNLOCK ends the session; held, it keeps new cars out until relinquished', async () => {
    const h = await carPark({ ...BIG_CAR, dwellMinH: 1, dwellMaxH: 1 });
    assert.equal(h.value('connector-lock'), true, 'LOCK when nothing is written');
    chargeOne(h);
    await h.write('connector-lock', 'UNLOCK');
    h.advance(SECOND);
    assert.equal(h.value('session-status'), 'COMPLETE');
    assert.equal(h.num('output-current'), 0);
    assert.equal(h.events('session-end').at(-1)?.event.data?.reason, 'Connector Lock written UNLOCK');
    h.until(() => h.value('cable-connected') === false, 2 * HOUR, 'car leaves');
    assert.equal(h.value('connector-status'), 'UNAVAILABLE');
    h.sendCar();
    h.advance(SECOND);
    assert.equal(h.events('vehicle-turned-away').length, 1);
    await h.write('connector-lock', null);
    h.advance(SECOND);
    assert.equal(h.value('connector-status'), 'AVAILABLE');
    chargeOne(h);
    await h.stop();
    checkInvariants(h);
  });

  test('Max Current Limit rests on the hardware max; Connector Lock on LOCK', async () => {
    const h = await Harness.open({ maxCurrentA: 16, randomFaults: false });
    assert.equal(h.value('max-current-limit'), 16);
    assert.equal(h.value('connector-lock'), true);
    await h.stop();
    const given = await Harness.open({ defaults: { 'max-current-limit': 10 } });
    assert.equal(given.value('max-current-limit'), 10, 'a default from the site file wins');
    await given.stop();
  });
});

describe('faults', () => {
  test('a ground fault cuts the current within one step and shows everywhere; a reset clears it', async () => {
    const h = await carPark({ ...BIG_CAR, dwellMinH: 1, dwellMaxH: 1 });
    chargeOne(h);
    h.advance(MINUTE);
    h.fault('ground-fault', true);
    h.advance(SECOND);
    assert.equal(h.num('output-current'), 0);
    assert.equal(h.num('active-power'), 0);
    assert.equal(h.value('ground-fault'), true);
    assert.equal(h.value('charger-status'), 'ERROR');
    assert.equal(h.value('connector-status'), 'FAULTED');
    assert.equal(h.value('session-status'), 'FAULT');
    assert.equal(h.value('fault-code'), 'GroundFailure');
    assert.equal(h.events('session-end').at(-1)?.event.data?.reason, 'ground fault');
    assert.equal(h.events('alarm').length, 1);
    h.advance(10 * MINUTE);
    assert.equal(h.value('charger-status'), 'ERROR', 'stays until an operator resets it');
    h.fault('ground-fault', false);
    h.advance(SECOND);
    assert.equal(h.value('ground-fault'), false);
    assert.equal(h.value('fault-code'), 'NoError');
    assert.equal(h.value('charger-status'), 'AVAILABLE');
    assert.equal(h.value('connector-status'), 'OCCUPIED', 'the car is still plugged in');
    assert.equal(h.value('session-status'), 'COMPLETE');
    assert.equal(h.num('output-current'), 0, 'the session does not restart by itself');
    h.until(() => h.value('cable-connected') === false, 2 * HOUR, 'car leaves');
    assert.equal(h.value('connector-status'), 'AVAILABLE');
    assert.equal(h.value('session-status'), 'IDLE');
    await h.stop();
    checkInvariants(h);
  });

  test('a ground fault with no car: FAULT and ERROR until reset, cars turned away', async () => {
    const h = await carPark();
    h.fault('ground-fault', true);
    h.advance(SECOND);
    assert.equal(h.value('session-status'), 'FAULT');
    assert.equal(h.value('connector-status'), 'FAULTED');
    h.sendCar();
    h.advance(SECOND);
    assert.equal(h.events('vehicle-turned-away').at(-1)?.event.data?.reason, 'charger faulted');
    h.fault('ground-fault', false);
    h.advance(SECOND);
    assert.equal(h.value('session-status'), 'IDLE');
    assert.equal(h.value('connector-status'), 'AVAILABLE');
    await h.stop();
  });

  test('OCPP link down: DISCONNECTED and OFFLINE, charging goes on; restored: CONNECTED, CHARGING', async () => {
    const h = await carPark(BIG_CAR);
    chargeOne(h);
    h.fault('offline', true);
    h.advance(SECOND);
    assert.equal(h.value('ocpp-connection'), 'DISCONNECTED');
    assert.equal(h.value('charger-status'), 'OFFLINE');
    assert.equal(h.value('session-status'), 'CHARGING');
    h.advance(MINUTE);
    assert.ok(h.num('output-current') > 30, 'charging continues locally');
    h.fault('offline', false);
    h.advance(SECOND);
    assert.equal(h.value('ocpp-connection'), 'CONNECTED');
    assert.equal(h.value('charger-status'), 'CHARGING');
    await h.stop();
    checkInvariants(h);
  });

  test('the behaviour names its faults', () => {
    assert.deepEqual([...evChargerBehaviour.faults], ['ground-fault', 'offline']);
  });
});

describe('RFID', () => {
  test('each card presented counts; PENDING then SUCCESS', async () => {
    const h = await carPark();
    h.sendCar();
    h.until(() => h.value('rfid-auth-status') === 'PENDING', 5 * MINUTE, 'card');
    assert.equal(h.num('rfid-read-count'), 1);
    h.until(() => h.value('rfid-auth-status') !== 'PENDING', MINUTE, 'answer');
    assert.equal(h.value('rfid-auth-status'), 'SUCCESS');
    assert.equal(h.value('session-status'), 'CHARGING');
    await h.stop();
  });

  test('a refused card is tried again; after the last refusal the driver leaves without charging', async () => {
    const h = await carPark({ rfidFailureRate: 1, rfidMaxAttempts: 3 });
    h.sendCar();
    h.advance(10 * MINUTE);
    assert.equal(h.num('rfid-read-count'), 3);
    assert.equal(h.value('rfid-auth-status'), 'FAILED');
    assert.equal(h.value('cable-connected'), false, 'gone');
    assert.ok(
      h.samples('session-status').every((s) => s.value === 'IDLE'),
      'no session',
    );
    assert.equal(h.events('rfid-refused').length, 3);
    await h.stop();
    checkInvariants(h);
  });

  test('RFID Read Count survives a restart', async () => {
    const store = new MemoryStore();
    const busy = { arrivalsPerDay: 40, dwellMinH: 0.1, dwellMaxH: 0.3, randomFaults: false };
    const first = await Harness.open(busy, { store });
    first.advance(DAY / 2);
    await first.stop();
    const count = first.num('rfid-read-count');
    assert.ok(count >= 3, `${count} cards`);
    const second = await Harness.open(busy, { store, start: T0 + DAY });
    assert.equal(second.num('rfid-read-count'), count);
    second.advance(DAY / 2);
    assert.ok(second.num('rfid-read-count') > count, 'counts on');
    await second.stop();
  });

  test("the car park's running total is remembered across a restart: no car is replayed", async () => {
    const store = new MemoryStore();
    const a = await Harness.open({ randomFaults: false }, { store });
    a.setSignal('plugins', 5);
    a.advance(SECOND);
    assert.equal(a.events('vehicle-arrived').length + a.events('vehicle-turned-away').length, 5);
    await a.stop();
    const b = await Harness.open({ randomFaults: false }, { store, start: T0 + HOUR });
    b.setSignal('plugins', 5);
    b.advance(SECOND);
    assert.equal(b.events('vehicle-arrived').length + b.events('vehicle-turned-away').length, 0);
    b.setSignal('plugins', 1); // the car park restarted its count: one new car
    b.advance(SECOND);
    assert.equal(b.events('vehicle-arrived').length, 1);
    await b.stop();
  });
});

describe('temperature', () => {
  test('a first-order lag towards ambient + k·P (τ = 20 min, about +15 K at 22 kW)', async () => {
    const h = await carPark({ ...BIG_CAR, ambientSwingK: 0, ambientC: 20 });
    h.advance(HOUR);
    assert.equal(h.num('charger-temperature'), 20, 'at ambient when idle');
    chargeOne(h);
    h.advance(20 * MINUTE);
    const p = h.num('active-power');
    const rise = 0.68 * p;
    assert.ok(p > 21 && p <= 22, `${p} kW`);
    const after20 = h.num('charger-temperature') - 20;
    assert.ok(Math.abs(after20 - rise * (1 - Math.exp(-1))) < 0.6, `+${after20} K after τ`);
    h.advance(100 * MINUTE);
    const steady = h.num('charger-temperature') - 20;
    assert.ok(Math.abs(steady - rise) < 0.4 && steady > 13.5, `+${steady} K in steady state`);
    await h.write('remote-stop', 'STOP');
    h.advance(20 * MINUTE);
    const cooled = h.num('charger-temperature') - 20;
    assert.ok(Math.abs(cooled - steady * Math.exp(-1)) < 0.6, `+${cooled} K 20 min after the stop`);
    await h.stop();
  });
});

describe('reproducibility and parameters', () => {
  const run = async (seed: number) => {
    const h = await Harness.open({ arrivalsPerDay: 20, groundFaultsPerDay: 2, offlinePerDay: 4 }, { seed });
    h.advance(DAY / 2);
    await h.stop();
    return h.records;
  };

  test('the same seed gives the same samples and events; another seed others', async () => {
    const a = await run(3);
    const b = await run(3);
    assert.equal(a.length, b.length);
    assert.deepEqual(a, b);
    const c = await run(4);
    assert.notDeepEqual(a, c);
  });

  test('a bad parameter stops the site with a message naming the device and the parameter', async () => {
    await assert.rejects(Harness.open({ phases: 2 }), /device ev-1: parameter 'phases' must be one of 1, 3/);
    await assert.rejects(
      Harness.open({ maxCurrentAmps: 16 }),
      /device ev-1: unknown parameter 'maxCurrentAmps'/,
    );
  });

  test('a single-phase charger: P = U·I·PF at about 230 V', async () => {
    const h = await carPark({ ...BIG_CAR, phases: 1, nominalVoltageV: 230 });
    chargeOne(h);
    h.advance(MINUTE);
    assert.ok(Math.abs(h.num('output-voltage') - 230) < 4.6, `${h.num('output-voltage')} V`);
    assert.ok(h.num('active-power') > 6.5 && h.num('active-power') < 7.4, `${h.num('active-power')} kW`);
    await h.stop();
    checkInvariants(h);
  });
});
