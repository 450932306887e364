// Conformance: the charge points' outbox, messages in order per charge point, kept until completed, with the
// state written in the same transaction as a completion; and each charge point's state by key.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type EngineUnderTest, withSession } from './engine.js';

export function outboxConformance(engine: EngineUnderTest): void {
  describe('charge points outbox', () => {
    test('messages come back in order per charge point, survive a reopen, and leave once completed', async () => {
      await withSession(engine, async (session) => {
        const outbox = () => session.store.outbox;
        assert.deepEqual(await outbox().pending('cp-1'), []);
        const a = await outbox().enqueue('cp-1', 'StartTransaction', { connectorId: 1, meterStart: 10 });
        const b = await outbox().enqueue('cp-2', 'StartTransaction', { connectorId: 1, meterStart: 0 });
        const c = await outbox().enqueue('cp-1', 'MeterValues', { transactionId: -a });
        const d = await outbox().enqueue('cp-1', 'StopTransaction', { transactionId: -a, meterStop: 99 });
        assert.ok(a < b && b < c && c < d, 'seq ascends in order of queueing');
        await outbox().countAttempt(a);
        await session.reopen();
        const queued = await outbox().pending('cp-1');
        assert.deepEqual(
          queued.map((m) => [m.seq, m.chargePoint, m.action, m.attempts]),
          [
            [a, 'cp-1', 'StartTransaction', 1],
            [c, 'cp-1', 'MeterValues', 0],
            [d, 'cp-1', 'StopTransaction', 0],
          ],
        );
        assert.deepEqual(queued[2]?.payload, { transactionId: -a, meterStop: 99 });
        assert.deepEqual(
          (await outbox().pending('cp-1', 1)).map((m) => m.seq),
          [a],
        );
        await outbox().complete(a, { chargePoint: 'cp-1', values: new Map([[`tx:${-a}`, '4711']]) });
        await session.reopen();
        assert.deepEqual(
          (await outbox().pending('cp-1')).map((m) => m.seq),
          [c, d],
        );
        assert.equal((await outbox().loadState('cp-1')).get(`tx:${-a}`), '4711');
        assert.deepEqual(
          (await outbox().pending('cp-2')).map((m) => m.seq),
          [b],
        );
        await outbox().complete(c);
        await outbox().complete(d);
        const e = await outbox().enqueue('cp-1', 'MeterValues', {});
        assert.ok(e > d, 'a seq is never reused');
      });
    });

    test('state is kept per charge point, set and deleted by key, across a reopen', async () => {
      await withSession(engine, async (session) => {
        const outbox = () => session.store.outbox;
        await outbox().saveState(
          'cp-1',
          new Map([
            ['config:HeartbeatInterval', '60'],
            ['localListVersion', '3'],
          ]),
        );
        await outbox().saveState('cp-2', new Map([['config:HeartbeatInterval', '900']]));
        await outbox().saveState(
          'cp-1',
          new Map<string, string | null>([
            ['config:HeartbeatInterval', '120'],
            ['localListVersion', null],
          ]),
        );
        await session.reopen();
        assert.deepEqual(await outbox().loadState('cp-1'), new Map([['config:HeartbeatInterval', '120']]));
        assert.deepEqual(await outbox().loadState('cp-2'), new Map([['config:HeartbeatInterval', '900']]));
        assert.deepEqual(await outbox().loadState('cp-3'), new Map());
      });
    });
  });
}
