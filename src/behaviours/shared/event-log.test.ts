import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventLog, NO_EVENTS } from './event-log.js';

test('a step without events hands over the shared empty list', () => {
  const log = new EventLog();
  assert.equal(log.take(), NO_EVENTS);
  assert.equal(log.take(), NO_EVENTS);
  assert.ok(Object.isFrozen(NO_EVENTS));
  assert.equal(NO_EVENTS.length, 0);
});

test('events come out in order, data only when given, and the log starts empty again', () => {
  const log = new EventLog();
  log.add('alarm', 'high-level-alarm', 'High level: 90 % ≥ 85 %');
  log.add('fault', null, 'communication (random, 3 min)', { fault: 'communication', random: true });
  const events = log.take();
  assert.deepEqual(events, [
    { kind: 'alarm', point: 'high-level-alarm', message: 'High level: 90 % ≥ 85 %' },
    {
      kind: 'fault',
      point: null,
      message: 'communication (random, 3 min)',
      data: { fault: 'communication', random: true },
    },
  ]);
  assert.equal('data' in (events[0] as object), false);
  assert.equal(log.take(), NO_EVENTS);
  log.add('x', null, 'next step');
  assert.equal(events.length, 2, 'a list handed over is not touched again');
});
