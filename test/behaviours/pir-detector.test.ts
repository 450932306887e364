// The PIR detector through the real runtime in virtual time: detections re-derived from the published Signal
// Level at every 100 ms sample, the alarm hold, SIA reports, sensitivity and pet immunity, the battery,
// faults, counters across a restart and reproducibility.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { LocalTime } from '../../src/util/local-time.js';
import { T0 } from '../runtime/site-fixture.js';
import { countUps, episodes, HOUR, MINUTE, open, type Params, STEP } from './pir-detector-run.js';

/**
 * Detections re-derived from the published signal, independently of the behaviour's code: a pulse is a run of
 * samples strictly above the threshold; a detection is a rising edge within 3 s of an unpaired one.
 */
function expectedDetections(
  signal: Float64Array,
  start: number,
  threshold: number,
  windowMs = 3000,
): number[] {
  const out: number[] = [];
  let wasAbove = false;
  let pending: number | null = null;
  for (let i = 0; i < signal.length; i++) {
    const v = signal[i] as number;
    assert.ok(!Number.isNaN(v), `a signal sample every 100 ms (missing at step ${i})`);
    const above = v > threshold;
    const t = start + i * STEP;
    if (above && !wasAbove) {
      if (pending !== null && t - pending <= windowMs) {
        out.push(t);
        pending = null;
      } else pending = t;
    }
    wasAbove = above;
  }
  return out;
}

const paris = new LocalTime('Europe/Paris');
/** The default armed schedule: outside 08:00–19:00 local on Monday to Friday. */
const armedAt = (t: number) => {
  const day = paris.weekday(t);
  const hour = paris.hourOfDay(t);
  return day === 0 || day === 6 || hour < 8 || hour >= 19;
};

const BUSY = { passagesPerHourOffice: 40, passagesPerHourOther: 6, petPassagesPerHour: 6 };
const THRESHOLD = { LOW: 60, MEDIUM: 45, HIGH: 30 } as const;

describe('PIR detector: 12 hours of three detectors, every 100 ms sample', async () => {
  const devices: Array<[string, Params, keyof typeof THRESHOLD]> = [
    ['pir-1', { ...BUSY, defaults: { sensitivity: 'MEDIUM' } }, 'MEDIUM'],
    ['pir-2', { ...BUSY, defaults: { sensitivity: 'HIGH', 'pet-immunity': true } }, 'HIGH'],
    ['pir-3', { ...BUSY, zone: 12, randomFaults: false }, 'LOW'],
  ];
  const run = await open(
    devices.map(([id, p]) => [id, p]),
    { hours: 12 },
  );
  await run.runFor(12 * HOUR);

  test('values stay inside their typical ranges', () => {
    for (const [id] of devices) {
      for (const v of run.signal.get(id) as Float64Array) assert.ok(v >= 0 && v <= 100, `${id} signal ${v}`);
      const ranges: Record<string, [number, number]> = {
        temperature: [-10, 50],
        'detection-count': [0, 99_999],
        'battery-level': [0, 100],
      };
      for (const [point, [lo, hi]] of Object.entries(ranges)) {
        const values = [...run.series(`${id}.${point}`).values()] as number[];
        assert.ok(values.length > 0 && values.every((v) => v >= lo && v <= hi), `${id}.${point}`);
      }
    }
  });

  test('a detection is exactly two pulses above the Sensitivity threshold within 3 s', () => {
    for (const [id, , sensitivity] of devices) {
      const expected = expectedDetections(
        run.signal.get(id) as Float64Array,
        run.start,
        THRESHOLD[sensitivity],
      );
      const actual = countUps(run.series(`${id}.detection-count`));
      assert.ok(actual.length > 50, `${id}: enough detections to mean something (${actual.length})`);
      assert.deepEqual(actual, expected, id);
    }
  });

  test('Alarm Status is TRUE from a detection until exactly 5 s after the last one; Detector Status follows', () => {
    for (const [id] of devices) {
      const detections = countUps(run.series(`${id}.detection-count`));
      const expected = episodes(detections, 5000);
      const alarm = [...run.series(`${id}.alarm-status`)].slice(1); // after the start value
      assert.deepEqual(
        alarm,
        expected.flatMap((e) => [
          [e.from, true],
          [e.to, false],
        ]),
        id,
      );
      const status = [...run.series(`${id}.detector-status`)].slice(1);
      assert.deepEqual(
        status,
        alarm.map(([t, on]) => [t, on ? 'ALARM' : 'OK']),
        id,
      );
    }
  });

  test('SIA BA when the zone is armed (outside office hours), BR when that alarm ends, OA at 08:00, with the zone', () => {
    let armedAlarms = 0;
    let disarmedAlarms = 0;
    for (const [id, params] of devices) {
      const zone = (params.zone as number | undefined) ?? Number(id.slice(4));
      const expected: Array<{ t: number; code: string; zone: number }> = [];
      for (const e of episodes(countUps(run.series(`${id}.detection-count`)), 5000)) {
        const armedHit = e.hits.find(armedAt);
        if (armedHit === undefined) {
          disarmedAlarms++;
          continue;
        }
        armedAlarms++;
        expected.push({ t: armedHit, code: 'BA', zone }, { t: e.to, code: 'BR', zone });
      }
      // The schedule disarms the zone at 08:00 local (07:00 UTC): an automatic opening, reported before
      // anything else of that step.
      const opening = T0 + 7 * HOUR;
      expected.push({ t: opening, code: 'OA', zone });
      expected.sort((a, b) => a.t - b.t || (a.code === 'OA' ? -1 : b.code === 'OA' ? 1 : 0));
      assert.deepEqual(run.sia(id), expected, id);
    }
    assert.ok(armedAlarms > 10 && disarmedAlarms > 10, `${armedAlarms} armed, ${disarmedAlarms} disarmed`);
  });

  test('more people walk past in office hours than at night', () => {
    const detections = countUps(run.series('pir-1.detection-count'));
    const night = detections.filter((t) => paris.hourOfDay(t) < 8).length / 7; // 01:00–08:00 local
    const day = detections.filter((t) => paris.hourOfDay(t) >= 8).length / 5; // 08:00–13:00 local
    assert.ok(day > 3 * night, `${day.toFixed(1)} an hour by day, ${night.toFixed(1)} at night`);
  });

  test('Detection Count only goes up and the battery only goes down', () => {
    for (const [id] of devices) {
      const battery = [...run.series(`${id}.battery-level`).values()] as number[];
      assert.ok(
        battery.every((b, i) => i === 0 || b <= (battery[i - 1] as number)),
        `${id} battery went up`,
      );
      assert.ok((battery.at(-1) as number) < 100, `${id} battery drains`);
    }
  });
});

describe('PIR detector: Sensitivity and Pet Immunity', () => {
  /** The same detector (same id, same seed: the same passages) run with other settings. */
  const detectionsWith = async (params: Params) => {
    const run = await open([['pir-1', params]], { hours: 4 });
    await run.runFor(4 * HOUR);
    const signal = run.signal.get('pir-1') as Float64Array;
    return {
      count: run.value('pir-1.detection-count') as number,
      peak: signal.reduce((a, b) => Math.max(a, b), 0),
    };
  };
  const people = { passagesPerHourOffice: 60, passagesPerHourOther: 60, petPassagesPerHour: 0 };
  const pets = { passagesPerHourOffice: 0, passagesPerHourOther: 0, petPassagesPerHour: 60 };

  test('the more sensitive, the more of the same passages are detected', async () => {
    const low = await detectionsWith({ ...people, defaults: { sensitivity: 'LOW' } });
    const medium = await detectionsWith({ ...people, defaults: { sensitivity: 'MEDIUM' } });
    const high = await detectionsWith({ ...people, defaults: { sensitivity: 'HIGH' } });
    assert.ok(
      low.count < medium.count && medium.count < high.count,
      `${low.count} < ${medium.count} < ${high.count}`,
    );
    assert.equal(low.peak, high.peak, 'the signal itself does not depend on the setting');
  });

  test('pets trigger a HIGH-sensitivity detector unless Pet Immunity is ON', async () => {
    const off = await detectionsWith({ ...pets, defaults: { sensitivity: 'HIGH', 'pet-immunity': false } });
    const on = await detectionsWith({ ...pets, defaults: { sensitivity: 'HIGH', 'pet-immunity': true } });
    const medium = await detectionsWith({
      ...pets,
      defaults: { sensitivity: 'MEDIUM', 'pet-immunity': false },
    });
    assert.ok(off.count > 10, `pets detected without immunity (${off.count})`);
    assert.equal(on.count, 0);
    assert.ok(on.peak <= 40 * 0.25 + 5, `small targets attenuated (${on.peak})`);
    assert.equal(medium.count, 0, 'pets stay below the MEDIUM threshold');
  });

  test('a Sensitivity written takes effect at the next step', async () => {
    const run = await open([['pir-1', { ...people, defaults: { sensitivity: 'LOW' } }]], { hours: 2 });
    run.clock.advance(HOUR);
    await run.runtime.writes.write({
      key: 'pir-1.sensitivity',
      value: 'HIGH',
      who: 'test',
      role: 'admin',
      via: 'test',
    });
    const from = run.clock.now();
    await run.runFor(HOUR);
    const signal = run.signal.get('pir-1') as Float64Array;
    const after = signal.slice((from - run.start) / STEP + 1);
    const expected = expectedDetections(after, from + STEP, THRESHOLD.HIGH);
    assert.deepEqual(
      countUps(run.series('pir-1.detection-count')).filter((t) => t > from),
      expected,
    );
  });
});

describe('PIR detector: armed schedules', () => {
  test('never armed: no BA; always armed: a BA and a BR for every alarm', async () => {
    const run = await open(
      [
        ['pir-1', { ...BUSY, armedSchedule: 'never', randomFaults: false }],
        ['pir-2', { ...BUSY, armedSchedule: 'always', randomFaults: false }],
      ],
      { start: T0 + 8 * HOUR },
    );
    await run.runFor(HOUR);
    assert.ok((run.value('pir-1.detection-count') as number) > 5, 'pir-1 detects');
    assert.deepEqual(run.sia('pir-1'), []);
    const alarms = episodes(countUps(run.series('pir-2.detection-count')), 5000);
    assert.ok(alarms.length > 5, `pir-2 alarms: ${alarms.length}`);
    assert.deepEqual(
      run.sia('pir-2').map((e) => e.code),
      alarms.flatMap(() => ['BA', 'BR']),
    );
  });
});

describe('PIR detector: faults', () => {
  const quiet = {
    passagesPerHourOffice: 0,
    passagesPerHourOther: 0,
    petPassagesPerHour: 0,
    randomFaults: false,
  };

  test('tamper: Tamper Status TRUE, Detector Status FAULT, SIA TA; cleared: TR and OK', async () => {
    const run = await open([['pir-4', quiet]]);
    run.clock.advance(MINUTE);
    run.runtime.setFault('pir-4', 'tamper', true, 'test');
    const on = run.clock.now() + STEP;
    run.clock.advance(STEP);
    assert.equal(run.value('pir-4.tamper-status'), true);
    assert.equal(run.value('pir-4.detector-status'), 'FAULT');
    run.clock.advance(MINUTE);
    run.runtime.setFault('pir-4', 'tamper', false, 'test');
    const off = run.clock.now() + STEP;
    await run.runFor(STEP);
    assert.equal(run.value('pir-4.tamper-status'), false);
    assert.equal(run.value('pir-4.detector-status'), 'OK');
    assert.deepEqual(run.sia('pir-4'), [
      { t: on, code: 'TA', zone: 4 },
      { t: off, code: 'TR', zone: 4 },
    ]);
  });

  test('masked: Masked Status TRUE, no detection possible (signal is noise), SIA BT then BJ', async () => {
    const busy = {
      ...BUSY,
      passagesPerHourOther: 120,
      randomFaults: false,
      defaults: { sensitivity: 'HIGH' },
    };
    const run = await open([['pir-1', busy]], { hours: 1 });
    run.runtime.setFault('pir-1', 'masked', true, 'test');
    run.clock.advance(30 * MINUTE);
    assert.equal(run.value('pir-1.masked-status'), true);
    assert.equal(run.value('pir-1.detector-status'), 'FAULT');
    assert.equal(run.value('pir-1.detection-count'), 0);
    run.runtime.setFault('pir-1', 'masked', false, 'test');
    await run.runFor(30 * MINUTE);
    const signal = run.signal.get('pir-1') as Float64Array;
    assert.ok(
      signal.slice(0, (30 * MINUTE) / STEP).every((v) => v <= 5),
      'only noise (0–5 %) while masked',
    );
    assert.ok((run.value('pir-1.detection-count') as number) > 10, 'detects again once unmasked');
    assert.deepEqual(
      run.sia('pir-1').filter((e) => e.code === 'BT' || e.code === 'BJ'),
      [
        { t: T0 + STEP, code: 'BT', zone: 1 },
        { t: T0 + 30 * MINUTE + STEP, code: 'BJ', zone: 1 },
      ],
    );
  });

  test('supervision: Communication Status FAULT and SIA BZ; restored: OK and BJ', async () => {
    const run = await open([['pir-2', quiet]]);
    run.runtime.setFault('pir-2', 'supervision', true, 'test');
    run.clock.advance(STEP);
    assert.equal(run.value('pir-2.communication-status'), 'FAULT');
    assert.equal(run.value('pir-2.detector-status'), 'FAULT');
    run.runtime.setFault('pir-2', 'supervision', false, 'test');
    await run.runFor(STEP);
    assert.equal(run.value('pir-2.communication-status'), 'OK');
    assert.deepEqual(
      run.sia('pir-2').map((e) => e.code),
      ['BZ', 'BJ'],
    );
  });

  test('low-battery: Battery Level sags below the low mark (SIA YT); cleared: back (YR)', async () => {
    const run = await open([['pir-3', quiet]]);
    run.runtime.setFault('pir-3', 'low-battery', true, 'test');
    run.clock.advance(STEP);
    assert.equal(run.value('pir-3.battery-level'), 10);
    run.runtime.setFault('pir-3', 'low-battery', false, 'test');
    await run.runFor(HOUR);
    assert.ok((run.value('pir-3.battery-level') as number) > 99, 'battery level back');
    assert.deepEqual(
      run.sia('pir-3').map((e) => e.code),
      ['YT', 'YR'],
    );
  });

  test('random faults come and go with their SIA reports; none with randomFaults: false', async () => {
    const run = await open(
      [
        ['pir-1', { ...quiet, randomFaults: true, randomFaultRatePerDay: 100 }],
        ['pir-2', { ...quiet, randomFaultRatePerDay: 100 }],
      ],
      { hours: 6 },
    );
    await run.runFor(6 * HOUR);
    const random = run.events.filter((e) => e.event.kind === 'fault');
    assert.ok(random.length >= 8, `about 75 in 6 h (${random.length})`);
    assert.ok(
      random.every((e) => e.device === 'pir-1'),
      'no random fault with randomFaults: false',
    );
    const codes = run.sia('pir-1').map((e) => e.code);
    const count = (c: string) => codes.filter((x) => x === c).length;
    assert.ok(count('TA') + count('BT') + count('BZ') > 0, 'random faults reported');
    assert.ok(count('TA') - count('TR') >= 0 && count('TA') - count('TR') <= 1, 'TA and TR pair up');
    for (const e of run.sia('pir-1').filter((x) => x.code === 'TA'))
      assert.equal(run.series('pir-1.tamper-status').get(e.t), true);
    assert.deepEqual(run.sia('pir-2'), []);
    assert.equal(
      run.runtime.setFault('pir-1', 'smoke', true, 'test'),
      "pir-1 has no fault 'smoke' (its faults: tamper, masked, supervision, low-battery, bypass)",
    );
  });
});

describe('PIR detector: battery', () => {
  test('the battery only goes down, faster with the LED on, and SIA YT when it falls below 15 %', async () => {
    const params = { ...BUSY, batteryLifeYears: 0.01, initialBatteryPct: 15.5, randomFaults: false };
    const withLed = await open([['pir-1', params]], { hours: 2 });
    await withLed.runFor(2 * HOUR);
    const withoutLed = await open([['pir-1', { ...params, defaults: { 'led-enable': false } }]], {
      hours: 2,
    });
    await withoutLed.runFor(2 * HOUR);
    const battery = [...withLed.series('pir-1.battery-level')];
    assert.ok(
      battery.every(([, b], i) => i === 0 || (b as number) <= (battery[i - 1]?.[1] as number)),
      'the battery went up',
    );
    assert.ok(
      (withLed.value('pir-1.battery-level') as number) < (withoutLed.value('pir-1.battery-level') as number),
      'the LED costs battery',
    );
    const yt = withLed.sia('pir-1').filter((e) => e.code === 'YT');
    assert.equal(yt.length, 1, 'one report when it crosses the mark');
    for (const [t, b] of battery) {
      if (t < (yt[0]?.t as number)) assert.ok((b as number) >= 15, `${b} before YT`);
      else assert.ok((b as number) < 15, `${b} after YT`);
    }
    assert.deepEqual(
      withLed.sia('pir-1').filter((e) => e.code === 'YR'),
      [],
    );
  });
});

describe('PIR detector: counters survive a restart', () => {
  test('Detection Count and the battery carry on from where they were', async () => {
    const store = new MemoryStore();
    const params = { ...BUSY, passagesPerHourOther: 40, randomFaults: false };
    const first = await open([['pir-1', params]], { store, hours: 1 });
    await first.runFor(HOUR);
    const count = first.value('pir-1.detection-count') as number;
    const battery = first.value('pir-1.battery-level') as number;
    assert.ok(count > 5, `detections in the first hour: ${count}`);
    const second = await open([['pir-1', params]], { store, start: T0 + HOUR, hours: 1 });
    assert.equal(second.value('pir-1.detection-count'), count);
    assert.ok((second.value('pir-1.battery-level') as number) <= battery, 'battery restored');
    await second.runFor(HOUR);
    const counts = [...second.series('pir-1.detection-count').values()] as number[];
    assert.equal(counts[0], count);
    assert.ok(
      counts.every((c, i) => i === 0 || c === (counts[i - 1] as number) + 1),
      'counts up by one',
    );
    assert.ok((counts.at(-1) as number) > count, 'counts on after the restart');
  });

  test('Detection Count stops at 99 999, the top of its range, instead of wrapping', async () => {
    const store = new MemoryStore();
    await store.saveCounters(new Map([['pir-1.detection-count', 99_997]]));
    const run = await open([['pir-1', { ...BUSY, passagesPerHourOther: 60 }]], { store });
    await run.runFor(HOUR);
    const counts = [...run.series('pir-1.detection-count').values()];
    assert.deepEqual(counts, [99_997, 99_998, 99_999]);
    assert.ok(
      run.events.some((e) => e.t > T0 + 30 * MINUTE && e.event.kind === 'sia'),
      'still detecting',
    );
  });
});

describe('PIR detector: reproducibility and parameters', () => {
  const record = async (seed: number) => {
    const run = await open(
      [
        ['pir-1', BUSY],
        ['pir-2', { ...BUSY, defaults: { sensitivity: 'HIGH' } }],
      ],
      { seed, hours: 1 },
    );
    await run.runFor(HOUR);
    return JSON.stringify([
      [...run.signal].map(([id, s]) => [id, [...s]]),
      [...run.samples].map(([k, s]) => [k, [...s]]),
      run.events,
    ]);
  };

  test('same seed, same samples and events; another seed, others', async () => {
    const a = await record(5);
    assert.equal(await record(5), a);
    assert.notEqual(await record(6), a);
  });

  test('bad parameters are refused with the device and parameter named', async () => {
    const refuse = (params: Params, pattern: RegExp) => assert.rejects(open([['pir-9', params]]), pattern);
    await refuse({ zone: 0 }, /device pir-9: parameter 'zone' must be a number from 1 to 9999/);
    await refuse({ zone: 2.5 }, /device pir-9: parameter 'zone' must be a whole number from 1 to 9999/);
    await refuse(
      { armedSchedule: 'weekends' },
      /'armedSchedule' must be one of outside-office-hours, always, never/,
    );
    await refuse(
      { thresholdHighPct: 70 },
      /'thresholdMediumPct' must be between thresholdHighPct and thresholdLowPct/,
    );
    await refuse(
      { officeWeekdays: [1, 7] },
      /'officeWeekdays' must be a list of distinct whole numbers from 0 to 6/,
    );
    await refuse({ holdTimeS: 0 }, /'holdTimeS' must be a number above 0/);
    await refuse({ sensitivity: 'HIGH' }, /unknown parameter 'sensitivity'/);
  });
});
