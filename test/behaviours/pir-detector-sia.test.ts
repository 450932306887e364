// The SIA events of the PIR detector that a transmitter sends besides alarms and troubles, through the real
// runtime in virtual time: automatic closing and opening from the armed schedule (CA / OA), zone bypass
// (BB / BU), the shape every SIA event carries, and the zone the detector publishes for the receiver side.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pirDetectorBehaviour } from '../../src/behaviours/pir-detector/behaviour.js';
import { VirtualClock } from '../../src/core/clock.js';
import { SiteRecords } from '../../src/protocols/haystack/records.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { loadSite } from '../../src/site/load.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { makeSite, T0 } from '../runtime/site-fixture.js';
import { countUps, episodes, HOUR, MINUTE, open, type Params, STEP } from './pir-detector-run.js';

/** Monday 2026-01-05 at a local (Paris, UTC+1) hour, epoch ms. */
const monday = (hour: number) => T0 + (hour - 1) * HOUR;

const QUIET = {
  passagesPerHourOffice: 0,
  passagesPerHourOther: 0,
  petPassagesPerHour: 0,
  randomFaults: false,
};
const BUSY = {
  passagesPerHourOffice: 60,
  passagesPerHourOther: 60,
  petPassagesPerHour: 0,
  randomFaults: false,
  defaults: { sensitivity: 'HIGH' },
};

type Run = Awaited<ReturnType<typeof open>>;

/** Every SIA event of a run carries `{code, zone, text, location}`, and its message says the same. */
function assertShape(run: Run): void {
  const sia = run.events.filter((e) => e.event.kind === 'sia');
  assert.ok(sia.length > 0, 'SIA events to look at');
  for (const { device, event } of sia) {
    const data = event.data as { code: string; zone: number; text: string; location: string };
    assert.deepEqual(Object.keys(data).sort(), ['code', 'location', 'text', 'zone'], event.message);
    assert.match(data.code, /^[A-Z]{2}$/);
    assert.ok(Number.isInteger(data.zone) && data.zone >= 1 && data.zone <= 9999);
    assert.ok(data.text.length > 0 && data.text.length <= 40, `short text: '${data.text}'`);
    assert.equal(data.location, device, 'the device name (the test site names devices by id)');
    assert.equal(event.message, `${data.code} zone ${data.zone}: ${data.text}`);
  }
}

describe('PIR detector: open/close from the armed schedule', () => {
  test('the schedule disarms the zone at office opening: OA at that very step, nothing at start', async () => {
    const run = await open(
      [
        ['pir-1', QUIET],
        ['pir-2', { ...QUIET, officeStartHour: 7.5, zone: 12 }],
        ['pir-3', { ...QUIET, armedSchedule: 'always' }],
        ['pir-4', { ...QUIET, armedSchedule: 'never' }],
      ],
      { start: monday(7), hours: 1.5 },
    );
    await run.runFor(1.5 * HOUR);
    // Armed at the start (07:00, before office hours): a start reports nothing, the zone is as its schedule says.
    assert.deepEqual(run.sia('pir-1'), [{ t: monday(8), code: 'OA', zone: 1 }]);
    assert.deepEqual(run.sia('pir-2'), [{ t: monday(7.5), code: 'OA', zone: 12 }]);
    assert.deepEqual(run.sia('pir-3'), [], 'always armed: never opened');
    assert.deepEqual(run.sia('pir-4'), [], 'never armed: never closed');
    const oa = run.events.find((e) => e.device === 'pir-1' && e.event.kind === 'sia');
    assert.deepEqual(oa?.event, {
      kind: 'sia',
      point: null,
      message: 'OA zone 1: Automatic opening (schedule)',
      data: { code: 'OA', zone: 1, text: 'Automatic opening (schedule)', location: 'pir-1' },
    });
    assertShape(run);
  });

  test('the schedule arms the zone at office closing: CA, and a detection from then on is a BA', async () => {
    const run = await open(
      [
        ['pir-1', QUIET],
        ['pir-2', { ...QUIET, officeEndHour: 18.75 }],
        ['pir-3', BUSY],
      ],
      { start: monday(18.5), hours: 1 },
    );
    await run.runFor(HOUR);
    assert.deepEqual(run.sia('pir-1'), [{ t: monday(19), code: 'CA', zone: 1 }]);
    assert.deepEqual(run.sia('pir-2'), [{ t: monday(18.75), code: 'CA', zone: 2 }]);
    const sia = run.sia('pir-3');
    assert.deepEqual(sia[0], { t: monday(19), code: 'CA', zone: 3 });
    const alarms = episodes(countUps(run.series('pir-3.detection-count')), 5000);
    const before = alarms.filter((e) => e.hits.every((t) => t < monday(19)));
    const after = alarms.filter((e) => e.from >= monday(19));
    assert.ok(before.length > 3 && after.length > 3, `${before.length} alarms before, ${after.length} after`);
    assert.deepEqual(
      sia.slice(1).filter((e) => e.code === 'BA'),
      alarms.flatMap((e) => {
        const hit = e.hits.find((t) => t >= monday(19));
        return hit === undefined ? [] : [{ t: hit, code: 'BA', zone: 3 }];
      }),
    );
    assert.ok(
      sia.slice(1).every((e) => e.code === 'BA' || e.code === 'BR'),
      'nothing else',
    );
    assertShape(run);
  });

  test('same seed, same open/close and alarm reports', async () => {
    const record = async () => {
      const run = await open([['pir-3', BUSY]], { start: monday(18.5), hours: 1, seed: 7 });
      await run.runFor(HOUR);
      return JSON.stringify(run.events);
    };
    const a = await record();
    assert.match(a, /"CA zone 3/);
    assert.equal(await record(), a);
  });
});

describe('PIR detector: zone bypass', () => {
  test('a bypassed zone sends BB, raises no BA while bypassed (it still detects), and BU when reinstated', async () => {
    const run = await open([['pir-5', BUSY]], { hours: 1 }); // 01:00–02:00 local: armed
    run.clock.advance(20 * MINUTE);
    run.runtime.setFault('pir-5', 'bypass', true, 'test');
    const on = run.clock.now() + STEP;
    run.clock.advance(20 * MINUTE);
    run.runtime.setFault('pir-5', 'bypass', false, 'test');
    const off = run.clock.now() + STEP;
    await run.runFor(20 * MINUTE);
    const bypassed = (t: number) => t >= on && t < off;
    const alarms = episodes(countUps(run.series('pir-5.detection-count')), 5000);
    assert.ok(
      alarms.filter((e) => bypassed(e.from)).length > 3,
      'detections go on while bypassed (Detection Count, Alarm Status)',
    );
    const expected: Array<{ t: number; code: string; zone: number }> = [
      { t: on, code: 'BB', zone: 5 },
      { t: off, code: 'BU', zone: 5 },
    ];
    for (const e of alarms) {
      const hit = e.hits.find((t) => !bypassed(t));
      if (hit !== undefined) expected.push({ t: hit, code: 'BA', zone: 5 }, { t: e.to, code: 'BR', zone: 5 });
    }
    const order = (code: string) => (code === 'BB' || code === 'BU' ? 0 : 1); // faults first in a step
    expected.sort((a, b) => a.t - b.t || order(a.code) - order(b.code));
    assert.deepEqual(run.sia('pir-5'), expected);
    const alarmWhileBypassed = [...run.series('pir-5.alarm-status')].some(([t, v]) => bypassed(t) && v);
    assert.ok(alarmWhileBypassed, 'Alarm Status still shows the detections');
    assertShape(run);
  });

  test('bypass mutes the burglary alarm only: tamper is still reported', async () => {
    const run = await open([['pir-6', QUIET]]);
    for (const [fault, active] of [
      ['bypass', true],
      ['tamper', true],
      ['tamper', false],
      ['bypass', false],
    ] as const) {
      run.clock.advance(MINUTE);
      run.runtime.setFault('pir-6', fault, active, 'test');
    }
    await run.runFor(MINUTE);
    assert.deepEqual(
      run.sia('pir-6').map((e) => [e.t - T0, e.code]),
      [
        [MINUTE + STEP, 'BB'],
        [2 * MINUTE + STEP, 'TA'],
        [3 * MINUTE + STEP, 'TR'],
        [4 * MINUTE + STEP, 'BU'],
      ],
    );
    assert.equal(run.value('pir-6.detector-status'), 'OK', 'a bypass is no fault of the detector');
  });

  test('bypass is never random', async () => {
    const run = await open([['pir-1', { ...QUIET, randomFaults: true, randomFaultRatePerDay: 100 }]], {
      hours: 3,
    });
    await run.runFor(3 * HOUR);
    const random = run.events.filter((e) => e.event.kind === 'fault');
    assert.ok(random.length >= 8, `random faults happen (${random.length})`);
    assert.ok(random.every((e) => (e.event.data as { fault: string }).fault !== 'bypass'));
    assert.ok(run.sia('pir-1').every((e) => e.code !== 'BB' && e.code !== 'BU'));
  });
});

describe('PIR detector: what the receiver side needs', () => {
  test('the detector publishes its zone (alarmZone) on its equip record', async () => {
    const params: Params = { zone: 42 };
    const ctx = { device: makeSite([['pir-7', 'pir-detector', params]]).devices[0] as never, tz: 'UTC' };
    assert.deepEqual(pirDetectorBehaviour.facts?.(ctx), { alarmZone: { value: 42, unit: null } });
    const site = loadSite('sites/demo.yaml', PROTOCOLS).site;
    assert.ok(site, 'the demo site loads');
    const runtime = await Runtime.open({
      site,
      store: new MemoryStore(),
      clock: new VirtualClock(0),
      seed: 1,
    });
    try {
      const records = new SiteRecords(site, runtime.services, PROTOCOLS);
      const zones: Record<string, string> = {};
      for (const r of records.all) {
        const v = r.tags.alarmZone;
        if (v !== undefined) zones[r.id.slice(site.site.id.length + 1)] = v.toZinc();
      }
      assert.deepEqual(zones, {
        'pir-1': '1',
        'pir-2': '2',
        'pir-3': '3',
        'pir-4': '4',
        'pir-5': '5',
        'pir-6': '6',
      });
    } finally {
      await runtime.stop();
    }
  });
});
