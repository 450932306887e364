import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fillPlaceholders, hasPlaceholder } from './fleet.js';

describe('fleet placeholders', () => {
  test('{n} and {n:0W} are placeholders; other braces are not', () => {
    assert.equal(hasPlaceholder('charger-{n}'), true);
    assert.equal(hasPlaceholder('pir-{n:03}'), true);
    assert.equal(hasPlaceholder('charger-n'), false);
    assert.equal(hasPlaceholder('charger-{m}'), false);
    assert.equal(hasPlaceholder('charger-{n:3}'), false, 'a width without its leading 0');
  });

  test('numbers fill in, zero-padded to the width and never cut', () => {
    assert.equal(fillPlaceholders('charger-{n}', 7), 'charger-7');
    assert.equal(fillPlaceholders('pir-{n:03}', 7), 'pir-007');
    assert.equal(fillPlaceholders('pir-{n:02}', 123), 'pir-123');
    assert.equal(fillPlaceholders('Charger {n} of row {n:02}', 4), 'Charger 4 of row 04');
    assert.equal(fillPlaceholders('no placeholder', 4), 'no placeholder');
  });
});
