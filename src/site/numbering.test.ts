import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { assignNumbers } from './numbering.js';

describe('assignNumbers', () => {
  test('explicit numbers are kept; the others take the lowest free ones in order', () => {
    assert.deepEqual(assignNumbers([null, 2, null, null, 5, null], 1, 247), [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(assignNumbers([3, null, 1, null], 1, 247), [3, 2, 1, 4]);
  });

  test('automatic numbers start at `first`; explicit ones below it are allowed', () => {
    assert.deepEqual(assignNumbers([null, 7, null, 1001], 1000, 4_194_302), [1000, 7, 1002, 1001]);
  });

  test('null once every number up to `last` is taken', () => {
    assert.deepEqual(assignNumbers([null, null, 2, null], 1, 3), [1, 3, 2, null]);
  });

  const numbers = fc.array(fc.option(fc.integer({ min: 1, max: 40 }), { nil: null }), { maxLength: 30 });

  test('appending a device without an explicit number never renumbers the others', () => {
    fc.assert(
      fc.property(numbers, (explicit) => {
        const before = assignNumbers(explicit, 1, 40);
        const after = assignNumbers([...explicit, null], 1, 40);
        assert.deepEqual(after.slice(0, -1), before);
      }),
    );
  });

  test('appending a device with a number nobody has never renumbers the others', () => {
    fc.assert(
      fc.property(numbers, fc.integer({ min: 1, max: 40 }), (explicit, extra) => {
        const before = assignNumbers(explicit, 1, 40);
        fc.pre(!before.includes(extra));
        assert.deepEqual(assignNumbers([...explicit, extra], 1, 40).slice(0, -1), before);
      }),
    );
  });

  test('automatic numbers never collide with each other or with explicit ones', () => {
    fc.assert(
      fc.property(numbers, (explicit) => {
        fc.pre(
          new Set(explicit.filter((n) => n !== null)).size === explicit.filter((n) => n !== null).length,
        );
        const given = assignNumbers(explicit, 1, 40).filter((n) => n !== null);
        assert.equal(new Set(given).size, given.length);
      }),
    );
  });
});
