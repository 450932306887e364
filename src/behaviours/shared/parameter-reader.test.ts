import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ParameterReader } from './parameter-reader.js';

const reader = (given: Record<string, unknown>) => new ParameterReader('ev-1', given);

test('absent or null parameters take their default', () => {
  const r = reader({ a: null });
  assert.equal(r.number('a', 5, 0, 10), 5);
  assert.equal(r.positive('b', 2, 0, 10), 2);
  assert.equal(r.integer('a', 3, 0, 10), 3);
  assert.equal(r.boolean('a', true), true);
  assert.equal(r.oneOf('a', 'x', ['x', 'y']), 'x');
  assert.deepEqual(r.numbers('a', [1], 0, 10, null), [1]);
  assert.deepEqual(r.wholeNumbers('a', [2], 0, 10), [2]);
  assert.deepEqual(
    r.list('a', ['w'], 'words', (t) => t),
    ['w'],
  );
  assert.equal(r.raw('a'), undefined);
});

test('given values within their rules are returned', () => {
  const r = reader({ n: 10, p: 0.1, i: 4, b: false, w: 'y', k: 3, ns: [1, 2.5], ws: [0, 6], l: ['a', 'b'] });
  assert.equal(r.number('n', 5, 0, 10), 10);
  assert.equal(r.positive('p', 1, 0, 1), 0.1);
  assert.equal(r.integer('i', 1, 0, 10), 4);
  assert.equal(r.boolean('b', true), false);
  assert.equal(r.oneOf('w', 'x', ['x', 'y']), 'y');
  assert.equal(r.oneOf<number>('k', 1, [1, 3]), 3);
  assert.deepEqual(r.numbers('ns', [], 0, 10, 2), [1, 2.5]);
  assert.deepEqual(r.wholeNumbers('ws', [], 0, 6), [0, 6]);
  assert.deepEqual(
    r.list('l', [], 'words', (t) => t.toUpperCase()),
    ['A', 'B'],
  );
});

test('every refusal names the device, the parameter, the rule and the value given', () => {
  const refusals: Array<[(r: ParameterReader) => unknown, Record<string, unknown>, string]> = [
    [
      (r) => r.number('n', 1, 0, 10),
      { n: 11 },
      "device ev-1: parameter 'n' must be a number from 0 to 10 (got 11)",
    ],
    [(r) => r.number('n', 1, 0, 10), { n: '3' }, 'must be a number from 0 to 10 (got "3")'],
    [(r) => r.number('n', 1, 0, 10), { n: Number.NaN }, 'must be a number from 0 to 10 (got null)'],
    [
      (r) => r.positive('p', 1, 0, 5),
      { p: 0 },
      "parameter 'p' must be a number above 0 and at most 5 (got 0)",
    ],
    [
      (r) => r.integer('i', 1, 0, 10),
      { i: 2.5 },
      "parameter 'i' must be a whole number from 0 to 10 (got 2.5)",
    ],
    [(r) => r.boolean('b', true), { b: 'no' }, 'must be true or false (got "no")'],
    [(r) => r.oneOf('w', 'x', ['x', 'y']), { w: 'z' }, 'must be one of x, y (got "z")'],
    [
      (r) => r.numbers('ns', [], 0, 10, 3),
      { ns: [1, 2] },
      'must be a list of 3 numbers from 0 to 10 (got [1,2])',
    ],
    [
      (r) => r.numbers('ns', [], 0, 10, null),
      { ns: [] },
      'must be a list of one or more numbers from 0 to 10',
    ],
    [
      (r) => r.wholeNumbers('ws', [], 0, 6),
      { ws: [1, 1] },
      'must be a list of distinct whole numbers from 0 to 6',
    ],
    [(r) => r.wholeNumbers('ws', [], 0, 6), { ws: [7] }, 'distinct whole numbers from 0 to 6 (got [7])'],
    [
      (r) => r.list('l', [], 'words', () => null),
      { l: ['a'] },
      'parameter \'l\' must be a list of words (got ["a"])',
    ],
    [(r) => r.list('l', [], 'words', (t) => t), { l: 'a' }, 'must be a list of words (got "a")'],
    [
      (r) => r.check(false, 'n', 'at most m (4)'),
      { n: 5 },
      "device ev-1: parameter 'n' must be at most m (4) (got 5)",
    ],
  ];
  for (const [read, given, message] of refusals)
    assert.throws(
      () => read(reader(given)),
      (e: Error) => e.message.includes(message),
      message,
    );
});

test("the DHW tank's wording quotes the device instead of the parameter", () => {
  const r = new ParameterReader('dhw-1', { volumeL: 10, controlSensor: 'side' }, 'device');
  assert.throws(() => r.number('volumeL', 300, 30, 5000), {
    message: "device 'dhw-1': parameter volumeL must be a number from 30 to 5000 (got 10)",
  });
  assert.throws(() => r.oneOf('controlSensor', 'bottom', ['top', 'middle', 'bottom']), {
    message: 'device \'dhw-1\': parameter controlSensor must be one of top, middle, bottom (got "side")',
  });
});

test('an unknown parameter is refused; the names every behaviour shares are not', () => {
  const known = ['heightM', 'volumeL'];
  reader({ heightM: 3, defaults: {}, alarms: {}, behaviour: 'generic', generic: {} }).rejectUnknown(known);
  assert.throws(() => reader({ heigthM: 3 }).rejectUnknown(known), {
    message: "device ev-1: unknown parameter 'heigthM' (known: heightM, volumeL)",
  });
});
