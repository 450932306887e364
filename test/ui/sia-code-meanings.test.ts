// The web UI's table of SIA event codes (a separate build, it cannot import the receiver's) says the same as
// the receiver's, code for code; its tones put alarms, troubles and restorals apart.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SIA_CODES } from '../../src/protocols/sia/codec/sia-codes.js';
import { SIA_CODE_MEANINGS, siaCodeMeaning, siaCodeTone } from '../../ui/src/format/sia-code-meanings.js';

test('the UI knows every code the receiver knows, with the same meaning', () => {
  const receiver = Object.fromEntries(Object.entries(SIA_CODES).map(([code, c]) => [code, c.meaning]));
  assert.deepEqual({ ...SIA_CODE_MEANINGS }, receiver);
});

test('an unknown code has no meaning; tones follow what a code reports', () => {
  assert.equal(siaCodeMeaning('ZZ'), null);
  assert.equal(siaCodeMeaning('toString'), null);
  assert.deepEqual(
    ['BA', 'TA', 'YT', 'BT', 'BB', 'BR', 'TR', 'YR', 'BJ', 'RP', 'NULL', 'ZZ'].map(siaCodeTone),
    [
      'alarm',
      'alarm',
      'warning',
      'warning',
      'warning',
      'ok',
      'ok',
      'ok',
      'ok',
      'neutral',
      'neutral',
      'neutral',
    ],
  );
});
