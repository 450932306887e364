// The receiver side of link supervision, as the PIR detector sees it: a `receiver-link` request (what the
// SIA receiver hands a detector whose account it stopped hearing) turns Communication Status and Detector
// Status FAULT, which raises an alarm, and logs a `receiver-link` event; no SIA report (the receiver is the
// one that lost the link). The next request with `lost: false` turns it OK again.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { T0 } from '../runtime/site-fixture.js';
import { open, STEP } from './pir-detector-run.js';

const quiet = {
  passagesPerHourOffice: 0,
  passagesPerHourOther: 0,
  petPassagesPerHour: 0,
  randomFaults: false,
  armedSchedule: 'never',
};

test('receiver-link lost: Communication Status FAULT and an alarm; restored: OK', async () => {
  const run = await open([['pir-1', quiet]]);
  run.clock.advance(STEP);
  assert.equal(run.value('pir-1.communication-status'), 'OK');
  const why = run.runtime.request('pir-1', {
    kind: 'receiver-link',
    data: { lost: true, account: '1001', since: '2026-03-01T00:00:00.000Z' },
  });
  assert.equal(why, null);
  run.clock.advance(STEP);
  assert.equal(run.value('pir-1.communication-status'), 'FAULT');
  assert.equal(run.value('pir-1.detector-status'), 'FAULT');
  await run.runtime.alarms.settled();
  const raised = run.runtime.alarms.list().filter((a) => a.key === 'pir-1.communication-status');
  assert.equal(raised.length, 1, 'Communication Status FAULT raises an alarm');
  assert.equal(raised[0]?.state, 'active');

  // The same news twice changes nothing (one event).
  run.runtime.request('pir-1', { kind: 'receiver-link', data: { lost: true, account: '1001' } });
  run.clock.advance(STEP);
  run.runtime.request('pir-1', { kind: 'receiver-link', data: { lost: false, account: '1001' } });
  await run.runFor(STEP);
  assert.equal(run.value('pir-1.communication-status'), 'OK');
  assert.equal(run.value('pir-1.detector-status'), 'OK');
  const link = run.events.filter((e) => e.event.kind === 'receiver-link');
  assert.deepEqual(
    link.map((e) => [e.t, e.event.point, e.event.message]),
    [
      [
        T0 + 2 * STEP,
        'communication-status',
        'Alarm receiver lost account 1001: nothing heard since 2026-03-01T00:00:00.000Z',
      ],
      [T0 + 4 * STEP, 'communication-status', 'Alarm receiver hears account 1001 again'],
    ],
  );
  assert.deepEqual(run.sia('pir-1'), [], 'no SIA report: the receiver lost the link, not the panel');
});

test('the panel’s own supervision fault and the receiver’s loss: FAULT until both are over', async () => {
  const run = await open([['pir-2', quiet]]);
  run.runtime.setFault('pir-2', 'supervision', true, 'test');
  run.runtime.request('pir-2', { kind: 'receiver-link', data: { lost: true } });
  run.clock.advance(STEP);
  run.runtime.setFault('pir-2', 'supervision', false, 'test');
  run.clock.advance(STEP);
  assert.equal(run.value('pir-2.communication-status'), 'FAULT', 'the receiver still misses it');
  run.runtime.request('pir-2', { kind: 'receiver-link', data: { lost: false } });
  await run.runFor(STEP);
  assert.equal(run.value('pir-2.communication-status'), 'OK');
});
