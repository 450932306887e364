// The cached zone offset is the offset Intl gives, across DST changes, half-hour zones and years.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { intlOffset, zoneOffset } from './time.js';

const ZONES = [
  'Europe/Paris',
  'America/New_York',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'Pacific/Auckland',
  'UTC',
];
const FROM = Date.UTC(1980, 0, 1);
const TO = Date.UTC(2040, 0, 1);

test('zoneOffset (cached) equals Intl at any instant', () => {
  fc.assert(
    fc.property(fc.integer({ min: FROM, max: TO }), fc.constantFrom(...ZONES), (t, tz) => {
      assert.equal(zoneOffset(t, tz), intlOffset(t, tz));
    }),
    { numRuns: 3000 },
  );
});

test('zoneOffset is right on both sides of each DST change of a year, minute by minute', () => {
  for (const tz of ZONES) {
    const start = Date.UTC(2026, 0, 1);
    for (let t = start; t < start + 366 * 86_400_000; t += 60_000) {
      if (zoneOffset(t, tz) !== zoneOffset(t + 60_000, tz))
        for (const u of [t - 60_000, t, t + 60_000, t + 120_000])
          assert.equal(zoneOffset(u, tz), intlOffset(u, tz));
    }
  }
});
