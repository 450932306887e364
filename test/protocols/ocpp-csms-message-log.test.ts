// The CSMS's message logs are bounded all together, not only one by one: thousands of charge points each
// keeping 200 MeterValues would be gigabytes. The logs share a budget of bytes, the oldest message of all
// going first past it; each log still keeps at most its own size; messages are read as before (a result or
// an error with its call's action), also when the call's id is written with escapes.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MessageLogBudget, messageCost } from '../../src/protocols/ocpp/csms-message-log-budget.js';
import { MessageLog } from '../../src/protocols/ocpp/message-log.js';

/** A MeterValues call, all of one length for ids and values under 100,000. */
const meterValues = (id: string, wh: number) =>
  JSON.stringify([
    2,
    id.padStart(5, '0'),
    'MeterValues',
    {
      connectorId: 1,
      meterValue: [
        { timestamp: '2026-01-05T08:00:00.000Z', sampledValue: [{ value: `${wh}`.padStart(5, '0') }] },
      ],
    },
  ]);

test('the logs of all charge points stay within their budget, the oldest message of all going first', () => {
  const cost = messageCost(meterValues('1', 1000));
  // Room for 10 messages of this size.
  const budget = new MessageLogBudget(10 * cost);
  const a = new MessageLog(200, budget);
  const b = new MessageLog(200, budget);
  for (let i = 0; i < 8; i++) a.record(i, 'in', meterValues(`${i}`, 1000 + i));
  for (let i = 0; i < 8; i++) b.record(10 + i, 'in', meterValues(`${i}`, 2000 + i));
  assert.ok(budget.used <= budget.bytes, `${budget.used} bytes kept, budget ${budget.bytes}`);
  // A's six oldest went first; B keeps all of its eight.
  assert.deepEqual(
    a.list().map((m) => m.ts),
    [6, 7],
  );
  assert.deepEqual(
    b.list().map((m) => m.ts),
    [10, 11, 12, 13, 14, 15, 16, 17],
  );
  // Many more messages: still within the budget, each log with its newest.
  for (let i = 0; i < 10_000; i++) (i % 2 ? a : b).record(100 + i, 'in', meterValues(`${i}`, i));
  assert.ok(budget.used <= budget.bytes);
  assert.equal(a.list().length + b.list().length, 10);
  assert.equal(a.list().at(-1)?.ts, 100 + 9999);
  assert.equal(b.list().at(-1)?.ts, 100 + 9998);
});

test('a log’s own size still bounds it, and what it drops is given back to the budget', () => {
  const budget = new MessageLogBudget(2 ** 20);
  const log = new MessageLog(3, budget);
  const texts = Array.from({ length: 5 }, (_, i) => meterValues(`${i}`, i));
  for (const [i, text] of texts.entries()) log.record(i, 'in', text);
  assert.deepEqual(
    log.list().map((m) => m.ts),
    [2, 3, 4],
  );
  assert.equal(
    budget.used,
    texts.slice(2).reduce((sum, t) => sum + messageCost(t), 0),
  );
});

test('messages are listed parsed, a result or an error with its call’s action, escaped ids too', () => {
  const log = new MessageLog(10, new MessageLogBudget(2 ** 20));
  log.record(1, 'in', '[2, "a\\"1", "Heartbeat", {}]');
  log.record(2, 'out', JSON.stringify([3, 'a"1', { currentTime: 'now' }]));
  log.record(3, 'out', JSON.stringify([2, 'b', 'Reset', { type: 'Soft' }]));
  log.record(4, 'in', JSON.stringify([4, 'b', 'NotSupported', 'no', {}]));
  log.record(5, 'in', '[3, "unknown", {}]');
  log.record(6, 'in', 'not json');
  assert.deepEqual(log.list(), [
    { ts: 1, direction: 'in', type: 'call', action: 'Heartbeat', messageId: 'a"1', payload: {} },
    {
      ts: 2,
      direction: 'out',
      type: 'result',
      action: 'Heartbeat',
      messageId: 'a"1',
      payload: { currentTime: 'now' },
    },
    { ts: 3, direction: 'out', type: 'call', action: 'Reset', messageId: 'b', payload: { type: 'Soft' } },
    {
      ts: 4,
      direction: 'in',
      type: 'error',
      action: 'Reset',
      messageId: 'b',
      payload: { code: 'NotSupported', description: 'no', details: {} },
    },
    { ts: 5, direction: 'in', type: 'result', action: null, messageId: 'unknown', payload: {} },
    { ts: 6, direction: 'in', type: 'error', action: null, messageId: null, payload: 'not json' },
  ]);
});
