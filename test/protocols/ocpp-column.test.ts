// Properties of the OCPP column's parser and of the message log: every mapping reads back from its text,
// any text either parses or gets a problem (never a throw), and the log keeps the last N with each result's
// action.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { MessageLog } from '../../src/protocols/ocpp/message-log.js';
import {
  formatOcppMapping,
  type OcppMapping,
  parseOcppMapping,
} from '../../src/protocols/ocpp/ocpp-column.js';
import { MEASURANDS, MESSAGES, PHASES } from '../../src/protocols/ocpp/ocpp-names.js';

const mapping: fc.Arbitrary<OcppMapping> = fc.oneof(
  fc.record({
    kind: fc.constant('measurand' as const),
    measurand: fc.constantFrom(...MEASURANDS),
    phase: fc.option(fc.constantFrom(...PHASES), { nil: null }),
  }),
  fc.record({ kind: fc.constant('message' as const), message: fc.constantFrom(...MESSAGES) }),
);

test('every mapping reads back from its text', () => {
  fc.assert(
    fc.property(mapping, (m) => {
      assert.deepEqual(parseOcppMapping(formatOcppMapping(m)), { ...m });
    }),
  );
});

test('any text parses or gets a problem naming it, never a throw', () => {
  const piece = fc.constantFrom('MeterValues.', ...MEASURANDS, ...PHASES, ...MESSAGES, '.', ' ', 'x');
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string(),
        fc.array(piece, { maxLength: 5 }).map((p) => p.join('')),
      ),
      (text) => {
        const parsed = parseOcppMapping(text);
        if ('problem' in parsed) assert.ok(parsed.problem.length > 0);
        else assert.equal(formatOcppMapping(parsed), text.trim());
      },
    ),
  );
});

test('the message log keeps the last N messages, each result with its call’s action', () => {
  const log = new MessageLog(3);
  log.record(1, 'in', JSON.stringify([2, 'a', 'Heartbeat', {}]));
  log.record(2, 'out', JSON.stringify([3, 'a', { currentTime: 'now' }]));
  log.record(3, 'out', JSON.stringify([2, 'b', 'Reset', { type: 'Soft' }]));
  log.record(4, 'in', JSON.stringify([4, 'b', 'NotSupported', 'no', {}]));
  log.record(5, 'in', 'not json');
  assert.deepEqual(log.list(), [
    { ts: 3, direction: 'out', type: 'call', action: 'Reset', messageId: 'b', payload: { type: 'Soft' } },
    {
      ts: 4,
      direction: 'in',
      type: 'error',
      action: 'Reset',
      messageId: 'b',
      payload: { code: 'NotSupported', description: 'no', details: {} },
    },
    { ts: 5, direction: 'in', type: 'error', action: null, messageId: null, payload: 'not json' },
  ]);
  const none = new MessageLog(0);
  none.record(1, 'in', '[]');
  assert.deepEqual(none.list(), []);
});
