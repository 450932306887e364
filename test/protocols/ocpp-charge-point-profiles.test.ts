// The charging-profile limit "in A at time t" (charge-point/charging-profile.ts), property-tested with
// fast-check, and the replacement and clearing rules of the installed profiles.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  type ChargingProfile,
  type InstalledProfile,
  limitAt,
  nextChangeAfter,
  profileLimitAt,
} from '../../src/protocols/ocpp/charge-point/charging-profile.js';
import { ChargingProfiles } from '../../src/protocols/ocpp/charge-point/charging-profiles.js';

const T0 = Date.UTC(2026, 0, 5);
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

const purpose = fc.constantFrom('ChargePointMaxProfile', 'TxDefaultProfile', 'TxProfile') as fc.Arbitrary<
  ChargingProfile['chargingProfilePurpose']
>;

/** Absolute or daily/weekly recurring profiles in A around T0, with up to 4 periods. */
const profile: fc.Arbitrary<ChargingProfile> = fc
  .record({
    id: fc.integer({ min: 1, max: 1000 }),
    stackLevel: fc.integer({ min: 0, max: 10 }),
    purpose,
    kind: fc.constantFrom('Absolute', 'Daily', 'Weekly'),
    startOffsetS: fc.integer({ min: -2 * 86_400, max: 86_400 }),
    duration: fc.option(fc.integer({ min: 60, max: 86_400 }), { nil: undefined }),
    periods: fc.uniqueArray(fc.integer({ min: 1, max: 80_000 }), { maxLength: 3 }),
    limits: fc.array(fc.integer({ min: 0, max: 64 }), { minLength: 4, maxLength: 4 }),
  })
  .map((r) => ({
    chargingProfileId: r.id,
    stackLevel: r.stackLevel,
    chargingProfilePurpose: r.purpose,
    chargingProfileKind: r.kind === 'Absolute' ? 'Absolute' : 'Recurring',
    ...(r.kind === 'Absolute' ? {} : { recurrencyKind: r.kind as 'Daily' | 'Weekly' }),
    chargingSchedule: {
      startSchedule: iso(T0 + r.startOffsetS * 1000),
      ...(r.duration !== undefined ? { duration: r.duration } : {}),
      chargingRateUnit: 'A' as const,
      chargingSchedulePeriod: [0, ...r.periods.sort((a, b) => a - b)].map((startPeriod, i) => ({
        startPeriod,
        limit: r.limits[i] as number,
      })),
    },
  }));

const installed = fc.array(
  profile.map(
    (p): InstalledProfile => ({
      connectorId: p.chargingProfilePurpose === 'ChargePointMaxProfile' ? 0 : 1,
      profile: p,
    }),
  ),
  { maxLength: 6 },
);
const instant = fc.integer({ min: T0 - DAY, max: T0 + 3 * DAY });
const transaction = fc.option(
  fc.record({ id: fc.constant(5), startedAt: fc.integer({ min: T0 - DAY, max: T0 }) }),
  {
    nil: undefined,
  },
);

/** The highest-stack profile of `purpose` in force at t: its limit (the reference, written plainly). */
function reference(list: InstalledProfile[], purposeOf: string, t: number, ctx: object): number | undefined {
  let best: { level: number; limit: number } | undefined;
  for (const { profile: p } of list) {
    if (p.chargingProfilePurpose !== purposeOf) continue;
    const limit = profileLimitAt(p, t, ctx);
    if (limit !== undefined && (!best || p.stackLevel > best.level)) best = { level: p.stackLevel, limit };
  }
  return best?.limit;
}

describe('charging profile limit', () => {
  test('is the lowest of the max profile and the Tx profile in force (TxProfile over TxDefault)', () => {
    fc.assert(
      fc.property(installed, instant, transaction, (list, t, tx) => {
        const ctx = tx ? { transaction: tx } : {};
        const max = reference(list, 'ChargePointMaxProfile', t, ctx);
        const txLimit =
          (tx ? reference(list, 'TxProfile', t, ctx) : undefined) ??
          reference(list, 'TxDefaultProfile', t, ctx);
        const expected = [max, txLimit].filter((x) => x !== undefined) as number[];
        assert.equal(limitAt(list, t, ctx), expected.length ? Math.min(...expected) : null);
      }),
      { numRuns: 500 },
    );
  });

  test('never exceeds a ChargePointMaxProfile in force at the highest stack level', () => {
    fc.assert(
      fc.property(installed, instant, transaction, (list, t, tx) => {
        const ctx = tx ? { transaction: tx } : {};
        const max = reference(list, 'ChargePointMaxProfile', t, ctx);
        const limit = limitAt(list, t, ctx);
        if (max !== undefined) assert.ok(limit !== null && limit <= max);
        if (limit !== null) assert.ok(limit >= 0);
      }),
    );
  });

  test('a daily recurring profile gives the same limit a day later', () => {
    fc.assert(
      fc.property(profile, instant, (p, t) => {
        if (p.chargingProfileKind !== 'Recurring' || p.recurrencyKind !== 'Daily') return;
        const start = Date.parse(p.chargingSchedule.startSchedule as string);
        if (t < start) return;
        assert.equal(profileLimitAt(p, t + DAY), profileLimitAt(p, t));
      }),
    );
  });

  test('the limit changes only at the times nextChangeAfter gives', () => {
    fc.assert(
      fc.property(installed, instant, fc.integer({ min: 1, max: 3 * DAY }), (list, t, span) => {
        const next = nextChangeAfter(list, t);
        const probe = next === undefined ? t + span : Math.min(next - 1, t + span);
        if (probe > t) assert.equal(limitAt(list, probe), limitAt(list, t));
      }),
      { numRuns: 500 },
    );
  });

  test('validity bounds, W converted at 230 V per phase, no period yet', () => {
    const p: ChargingProfile = {
      chargingProfileId: 1,
      stackLevel: 0,
      chargingProfilePurpose: 'TxDefaultProfile',
      chargingProfileKind: 'Absolute',
      validFrom: iso(T0),
      validTo: iso(T0 + DAY),
      chargingSchedule: {
        startSchedule: iso(T0),
        chargingRateUnit: 'W',
        chargingSchedulePeriod: [
          { startPeriod: 0, limit: 11_040 },
          { startPeriod: 3600, limit: 3680, numberPhases: 1 },
        ],
      },
    };
    assert.equal(profileLimitAt(p, T0 - 1), undefined);
    assert.equal(profileLimitAt(p, T0), 16);
    assert.equal(profileLimitAt(p, T0 + 3_600_000), 16);
    assert.equal(profileLimitAt(p, T0 + DAY), undefined);
  });
});

describe('installed profiles', () => {
  const make = (
    id: number,
    purposeOf: ChargingProfile['chargingProfilePurpose'],
    stackLevel: number,
    limit = 10,
  ) => ({
    chargingProfileId: id,
    stackLevel,
    chargingProfilePurpose: purposeOf,
    chargingProfileKind: 'Relative' as const,
    chargingSchedule: { chargingRateUnit: 'A' as const, chargingSchedulePeriod: [{ startPeriod: 0, limit }] },
  });

  test('same purpose, stack level and connector replaces; same id replaces; TxProfile needs a transaction', () => {
    const profiles = new ChargingProfiles(undefined);
    assert.equal(profiles.set(1, make(1, 'TxDefaultProfile', 1), undefined), 'Accepted');
    assert.equal(profiles.set(1, make(2, 'TxDefaultProfile', 1, 8), undefined), 'Accepted');
    assert.deepEqual(
      profiles.installed.map((i) => i.profile.chargingProfileId),
      [2],
    );
    assert.equal(profiles.set(1, make(2, 'TxDefaultProfile', 3, 6), undefined), 'Accepted');
    assert.deepEqual(
      profiles.installed.map((i) => i.profile.stackLevel),
      [3],
    );
    assert.equal(profiles.set(1, make(3, 'TxProfile', 0), undefined), 'Rejected');
    assert.equal(profiles.set(1, make(3, 'TxProfile', 0), 42), 'Accepted');
    assert.equal(profiles.installed.at(-1)?.profile.transactionId, 42);
    assert.equal(profiles.set(0, make(4, 'TxProfile', 0), 42), 'Rejected');
    assert.equal(profiles.set(1, make(5, 'ChargePointMaxProfile', 0), 42), 'Rejected');
    assert.equal(
      profiles.set(1, make(6, 'TxDefaultProfile', 11), 42),
      'Rejected',
      'above the max stack level',
    );
    assert.equal(profiles.endTransaction(), true);
    assert.equal(profiles.clear({ chargingProfilePurpose: 'TxProfile' }), 'Unknown');
    assert.equal(profiles.clear({ connectorId: 1 }), 'Accepted');
    assert.deepEqual(new ChargingProfiles(profiles.state().get('profiles')).installed, []);
  });
});
