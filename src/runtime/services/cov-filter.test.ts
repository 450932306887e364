import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Point } from '../../points/model.js';
import { CovFilter, defaultIncrement } from './cov-filter.js';

const number = { kind: 'sensor', type: 'number', min: 0, max: 100 } as Point;
const ok = 'ok' as const;

test('default increments: 0.1 % of a measured number’s range, 0 for commands, discrete values and no range', () => {
  assert.equal(defaultIncrement(number), 0.1);
  assert.equal(defaultIncrement({ ...number, kind: 'command' }), 0);
  assert.equal(defaultIncrement({ ...number, type: 'enum' }), 0);
  assert.equal(defaultIncrement({ ...number, max: null }), 0);
});

test('small moves add up until one passes; a status change always passes', () => {
  const f = new CovFilter();
  assert.equal(f.passes(1, number, 10, ok, 10.06, ok), false);
  assert.equal(f.passes(1, number, 10.06, ok, 10.09, ok), false);
  assert.equal(f.passes(1, number, 10.09, ok, 10.125, ok), true, 'more than 0.1 from 10, the reference');
  assert.equal(f.passes(1, number, 10.125, ok, 10.125, 'fault'), true);
  assert.equal(f.passes(1, number, 10.125, ok, 10.15, 'fault'), false);
  assert.equal(f.passes(1, { ...number, type: 'string' } as Point, 'a', ok, 'b', ok), true);
});

test('property: whatever the moves, what passes is the increment apart from the previous pass, and nothing larger is missed', () => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { maxLength: 200 }), (steps) => {
      const f = new CovFilter<string>();
      let value = 50;
      let passed = 50;
      for (const step of steps) {
        const before = value;
        value = Math.min(100, Math.max(0, value + step));
        if (value === before) continue;
        const passes = f.passes('p', number, before, ok, value, ok);
        assert.equal(passes, Math.abs(value - passed) >= 0.1);
        if (passes) passed = value;
      }
    }),
  );
});
