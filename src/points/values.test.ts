import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { activeWord, parseFrequency, parseNumber, parseRange, parseTags, parseWords } from './values.js';

describe('parseRange', () => {
  const cases: Array<[string, number, number]> = [
    ['0-22 kW', 0, 22],
    ['220-400 V', 220, 400],
    ['-25 à +50°C', -25, 50],
    ['-100 à +100', -100, 100],
    ['0,5-6 s', 0.5, 6],
    ['0-100%', 0, 100],
    ['1-1000 ms', 1, 1000],
    ['-40 à +80°C', -40, 80],
    ['-10--2', -10, -2],
    ['0 a 10', 0, 10],
    ['6 to 32 A', 6, 32],
  ];
  for (const [text, min, max] of cases) {
    test(text, () =>
      assert.deepEqual(parseRange(text) && { min: parseRange(text)?.min, max: parseRange(text)?.max }, {
        min,
        max,
      }),
    );
  }
  test('keeps trailing unit text apart', () => assert.equal(parseRange('-25 à +50°C')?.rest, '°C'));
  for (const bad of ['ENABLE/DISABLE', 'PROFILE_ID', '', '10', 'abc-def', '1-2-3']) {
    test(`rejects '${bad}'`, () => assert.equal(parseRange(bad), null));
  }
});

describe('parseNumber', () => {
  test('signs and decimal comma', () => {
    assert.equal(parseNumber('+50'), 50);
    assert.equal(parseNumber('-0,25'), -0.25);
    assert.equal(parseNumber('1.5'), 1.5);
    assert.equal(parseNumber('1e3'), null);
    assert.equal(parseNumber(''), null);
  });
});

describe('parseFrequency', () => {
  const periodic: Array<[string, number]> = [
    ['100ms', 100],
    ['1s', 1000],
    ['5s', 5000],
    ['30s', 30_000],
    ['1min', 60_000],
    ['5min', 300_000],
    ['15min', 900_000],
    ['1h', 3_600_000],
    ['0,5s', 500],
    ['2 min', 120_000],
  ];
  for (const [text, ms] of periodic) {
    test(text, () => assert.deepEqual(parseFrequency(text), { update: 'periodic', intervalMs: ms }));
  }
  test('Sur demande', () =>
    assert.deepEqual(parseFrequency('Sur demande'), { update: 'onDemand', intervalMs: null }));
  test('Sur événement', () =>
    assert.deepEqual(parseFrequency('Sur événement'), { update: 'onEvent', intervalMs: null }));
  test('Sur evenement without accent', () =>
    assert.equal(parseFrequency('sur evenement')?.update, 'onEvent'));
  for (const bad of ['', 'often', '0s', '5 parsecs', 'Sur', '-1s']) {
    test(`rejects '${bad}'`, () => assert.equal(parseFrequency(bad), null));
  }
});

describe('words and tags', () => {
  test('tags split on dashes', () =>
    assert.deepEqual(parseTags('sensor-elec-power-point'), ['sensor', 'elec', 'power', 'point']));
  test('words split on slashes', () =>
    assert.deepEqual(parseWords('LOW / MEDIUM/HIGH'), ['LOW', 'MEDIUM', 'HIGH']));
  test('a dash is no words', () => assert.deepEqual(parseWords('-'), []));
  test('active word wins whatever its place', () => {
    assert.equal(activeWord(['DISABLE', 'ENABLE']), 'ENABLE');
    assert.equal(activeWord(['LOCK', 'UNLOCK']), 'LOCK');
    assert.equal(activeWord(['OFF', 'ON']), 'ON');
    assert.equal(activeWord(['FALSE', 'TRUE']), 'TRUE');
    assert.equal(activeWord(['SMART', 'NORMAL']), 'SMART');
  });
});
