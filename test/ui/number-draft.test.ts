// How the write dialog reads a typed number (a decimal point or comma, signs, spaces between thousands), over
// many numbers (fast-check) and the edge cases; and how a timestamp written as text reads. The range check
// and the rest of the dialog are tested in the browser (phone-number-entry.test.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseNumberDraft } from '../../ui/src/commands/number-draft.js';
import { formatTimestampText } from '../../ui/src/format/time.js';

const value = (text: string) => {
  const parsed = parseNumberDraft(text);
  return parsed.ok ? parsed.value : parsed.message;
};

test('a decimal comma is a decimal separator, as a decimal point is', () => {
  assert.equal(value('2,5'), 2.5);
  assert.equal(value('2.5'), 2.5);
  assert.equal(value('-7,25'), -7.25);
  assert.equal(value('\u22127,25'), -7.25);
  assert.equal(value('+3'), 3);
  assert.equal(value(',5'), 0.5);
  assert.equal(value('12,'), 12);
  assert.equal(value(' 1 250,5 '), 1250.5);
  assert.equal(value('1\u202f250,5'), 1250.5);
  assert.equal(value('1\u00a0250'), 1250);
});

test('anything else is not a number, and says how to write one', () => {
  for (const text of [
    '2,5,1',
    '1.250,5',
    '1,250.5',
    '2..5',
    'abc',
    '2e3',
    '0x10',
    '--1',
    '.',
    ',',
    'NaN',
    'Infinity',
  ]) {
    const parsed = parseNumberDraft(text);
    assert.equal(parsed.ok, false, text);
    assert.match(!parsed.ok ? parsed.message : '', /is not a number: write it with digits/, text);
  }
  assert.deepEqual(parseNumberDraft('  '), { ok: false, message: 'Type a number.' });
});

test('any decimal written with a point or a comma reads as that number', () => {
  fc.assert(
    fc.property(
      fc.double({ min: -1e9, max: 1e9, noNaN: true }),
      fc.integer({ min: 0, max: 6 }),
      fc.constantFrom('.', ','),
      (n, digits, separator) => {
        const text = n.toFixed(digits);
        const typed = text.replace('.', separator);
        assert.equal(value(typed), Number(text));
      },
    ),
  );
});

test('timestamps written as text read as times; the epoch reads never', () => {
  assert.equal(formatTimestampText('1970-01-01T00:00:00.000Z'), 'never');
  assert.equal(formatTimestampText('standard'), null);
  assert.equal(formatTimestampText('2026-13-45T99:00:00Z'), null);
  assert.match(formatTimestampText('2026-12-06T15:39:00Z') ?? '', /^6 Dec, \d\d:39:00$/);
});
