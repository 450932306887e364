import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canonicalTimeZone } from './timezone.js';

describe('canonicalTimeZone', () => {
  test('IANA zone names are accepted as written', () => {
    for (const tz of [
      'Europe/Paris',
      'America/New_York',
      'UTC',
      'Etc/GMT+1',
      'America/Argentina/Buenos_Aires',
    ])
      assert.equal(canonicalTimeZone(tz), tz);
  });

  test('a zone written in the wrong case gets its proper spelling', () => {
    assert.equal(canonicalTimeZone('europe/paris'), 'Europe/Paris');
  });

  test('unknown names, offsets and empty text are refused', () => {
    for (const tz of ['Europe/Pariss', 'Mars/Olympus', '+01:00', 'Paris', '', ' Europe/Paris'])
      assert.equal(canonicalTimeZone(tz), null, tz);
  });
});
