import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { profile } from '../../test/runtime/site-fixture.js';
import { coerceWrite } from './write-validation.js';

const ev = profile('ev-charger-level-2');
const point = (id: string) => {
  const p = ev.points.find((x) => x.id === id);
  assert.ok(p, id);
  return p;
};

describe('coerceWrite', () => {
  test('numbers within the allowed range, also as text', () => {
    assert.deepEqual(coerceWrite(point('max-current-limit'), 16), { ok: true, value: 16 });
    assert.deepEqual(coerceWrite(point('max-current-limit'), '6'), { ok: true, value: 6 });
    assert.deepEqual(coerceWrite(point('max-current-limit'), 32), { ok: true, value: 32 });
  });
  test('out of range, not a number', () => {
    const r = coerceWrite(point('max-current-limit'), 33);
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.code, 'out-of-range');
    assert.equal(!r.ok && r.message, '33 A is outside the allowed range of Max Current Limit: 6 to 32 A');
    assert.equal(coerceWrite(point('max-current-limit'), 5.9).ok, false);
    assert.equal(!coerceWrite(point('max-current-limit'), 'abc').ok && 'bad', 'bad');
    assert.equal(coerceWrite(point('max-current-limit'), Number.NaN).ok, false);
    assert.equal(coerceWrite(point('max-current-limit'), true).ok, false);
    assert.equal(coerceWrite(point('max-current-limit'), '').ok, false);
  });
  test('booleans from their words, true/false, 1/0', () => {
    for (const input of [true, 'ENABLE', 'enable', 1, 'true'])
      assert.deepEqual(coerceWrite(point('charge-enable'), input), { ok: true, value: true });
    for (const input of [false, 'DISABLE', 0, 'FALSE'])
      assert.deepEqual(coerceWrite(point('charge-enable'), input), { ok: true, value: false });
    assert.deepEqual(coerceWrite(point('connector-lock'), 'UNLOCK'), { ok: true, value: false });
    assert.equal(coerceWrite(point('charge-enable'), 'ON').ok, false);
    assert.equal(coerceWrite(point('charge-enable'), 2).ok, false);
  });
  test('enums by word, case-insensitive, giving the listed spelling', () => {
    assert.deepEqual(coerceWrite(point('charge-mode'), 'smart'), { ok: true, value: 'SMART' });
    const bad = coerceWrite(point('charge-mode'), 'TURBO');
    assert.equal(!bad.ok && bad.code, 'bad-enum');
    assert.equal(!bad.ok && bad.message, 'Charge Mode takes one of SMART, NORMAL, not "TURBO"');
  });
  test('momentary actions take their word or true', () => {
    assert.deepEqual(coerceWrite(point('remote-stop'), 'STOP'), { ok: true, value: true });
    assert.deepEqual(coerceWrite(point('remote-stop'), true), { ok: true, value: true });
    const bad = coerceWrite(point('remote-stop'), 'START');
    assert.equal(!bad.ok && bad.code, 'bad-action');
  });
  test('text and date-times', () => {
    const server = profile('parking-management-server');
    const tariff = server.points.find((p) => p.id === 'tariff-profile');
    assert.ok(tariff);
    assert.deepEqual(coerceWrite(tariff, 'standard'), { ok: true, value: 'standard' });
    assert.equal(coerceWrite(tariff, 12).ok, false);
  });
});
