// ReadPropertyMultiple and ReadProperty answered byte for byte as before their encoding was made faster: ALL,
// REQUIRED and OPTIONAL of an object of every type and of the Device object, Present_Value and Status_Flags,
// errors among values (an unknown object, property or array index, a value the codec cannot encode), compared
// with the hex the application answered before (read-answers.expected.ts).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { VERSION } from '../../../version.js';
import { encodePropertyValue } from '../codec/index.js';
import { BROKEN_CASES, CASES, type ReadCase, readAnswers } from './read-answers.cases.js';
import { EXPECTED_ANSWERS } from './read-answers.expected.js';

const version = Buffer.from(encodePropertyValue([{ type: 'characterString', value: VERSION }])).toString(
  'hex',
);

function expected(c: ReadCase): string {
  const hex = EXPECTED_ANSWERS[c.name];
  assert.ok(hex, `no expected answer for ${c.name}`);
  return hex.replaceAll('<version>', version);
}

describe('ReadPropertyMultiple and ReadProperty answers, byte for byte', () => {
  let app: Awaited<ReturnType<typeof readAnswers>>;
  before(async () => {
    app = await readAnswers();
    await app.settle();
  });
  after(() => app.close());

  for (const c of CASES) {
    test(c.name, async () => {
      assert.equal(await app.answerHex(c), expected(c));
      // Asked again: the same answer (nothing kept from one request leaks into the next).
      assert.equal(await app.answerHex(c), expected(c));
    });
  }

  test('after a value the codec cannot encode: an error where it was, every other value as before', async () => {
    app.breakDateTime();
    for (const c of BROKEN_CASES) assert.equal(await app.answerHex(c), expected(c), c.name);
  });
});
