import assert from 'node:assert/strict';
import { endianness } from 'node:os';
import { describe, test } from 'node:test';
import { HI_WORD, LITTLE_ENDIAN, LO_WORD, LOW_MASK, SLACK_WORDS, swapWords, toWords } from './words.js';

describe('word helpers', () => {
  test('host byte order and float64 halves', () => {
    assert.equal(LITTLE_ENDIAN, endianness() === 'LE');
    const halves = new Uint32Array(Float64Array.of(-0).buffer);
    assert.equal(halves[HI_WORD], 0x80000000);
    assert.equal(halves[LO_WORD], 0);
  });
  test('low masks', () => {
    assert.equal(LOW_MASK[0], 0);
    assert.equal(LOW_MASK[7], 0x7f);
    assert.equal(LOW_MASK[32], -1);
  });
  test('swapWords reverses the bytes of each word', () => {
    const words = Int32Array.of(0x01020304, 0x80ff0000 | 0);
    swapWords(words);
    assert.deepEqual([...new Uint32Array(words.buffer)], [0x04030201, 0x0000ff80]);
  });
  test('toWords reads bytes as little-endian words and appends zero slack', () => {
    const words = toWords(Uint8Array.of(1, 2, 3, 4, 5));
    assert.equal(words.length, 2 + SLACK_WORDS);
    assert.equal(words[0], 0x04030201);
    assert.equal(words[1], 5);
    assert.ok(words.subarray(2).every((w) => w === 0));
  });
});
