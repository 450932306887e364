// Conformance: alarms inserted, updated by id, and read back newest raised first through every filter.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Alarm } from '../store.js';
import { type EngineUnderTest, withSession } from './engine.js';
import { newAlarm } from './fixtures.js';

export function alarmConformance(engine: EngineUnderTest): void {
  describe('alarms', () => {
    test('an insert gives a new id; an update by id changes its state, value and times', async () => {
      await withSession(engine, async (session) => {
        const alarm = newAlarm('ev-1.ground-fault', 100);
        const id = await session.store.saveAlarm(alarm);
        assert.ok(Number.isInteger(id) && id > 0, `id ${id}`);
        const other = await session.store.saveAlarm(newAlarm('ev-2.ground-fault', 100));
        assert.notEqual(other, id);
        assert.deepEqual(await session.store.queryAlarms({ key: 'ev-1.ground-fault' }), [{ ...alarm, id }]);
        const acked: Alarm = {
          ...alarm,
          id,
          state: 'acknowledged',
          ackedAt: 150,
          ackedBy: 'bob',
          value: 'fault',
        };
        assert.equal(await session.store.saveAlarm(acked), id);
        const cleared: Alarm = { ...acked, state: 'cleared', clearedAt: 200 };
        await session.store.saveAlarm(cleared);
        assert.deepEqual(await session.store.queryAlarms({ key: 'ev-1.ground-fault' }), [cleared]);
        assert.deepEqual(await (await session.reopen()).queryAlarms({ key: 'ev-1.ground-fault' }), [cleared]);
      });
    });

    test('an alarm reported from outside keeps what was reported, in words, across a reopen', async () => {
      await withSession(engine, async (session) => {
        const reported = newAlarm('report/1001/3/BA', 100, {
          device: 'account 1001',
          point: 'zone 3 BA',
          value: 'BA',
          reported: 'Burglary Alarm, account 1001, zone 3',
        });
        const id = await session.store.saveAlarm(reported);
        await session.store.saveAlarm({ ...reported, id, state: 'cleared', clearedAt: 120 });
        assert.deepEqual(await (await session.reopen()).queryAlarms({ key: 'report/1001/3/BA' }), [
          { ...reported, id, state: 'cleared', clearedAt: 120 },
        ]);
      });
    });

    test('several saved in one call, in order: new ids for inserts, updates by id', async () => {
      await withSession(engine, async (session) => {
        const first = newAlarm('a.fault', 10);
        const [id] = await session.store.saveAlarms([first]);
        const cleared: Alarm = { ...first, id: id as number, state: 'cleared', clearedAt: 15 };
        const fresh = newAlarm('b.fault', 20);
        const ids = await session.store.saveAlarms([cleared, fresh]);
        assert.equal(ids[0], id);
        assert.ok((ids[1] ?? 0) > (id ?? 0), `ids ${ids}`);
        assert.deepEqual(await (await session.reopen()).queryAlarms(), [{ ...fresh, id: ids[1] }, cleared]);
        assert.deepEqual(await session.store.saveAlarms([]), []);
      });
    });

    test('filters: state, open (not both cleared and acknowledged), key, limit; newest raised first', async () => {
      await withSession(engine, async ({ store }) => {
        const saved: Alarm[] = [];
        const save = async (alarm: Alarm) => {
          const id = await store.saveAlarm(alarm);
          saved.push({ ...alarm, id });
        };
        await save(newAlarm('a.fault', 10)); // active
        await save(newAlarm('b.fault', 30, { state: 'acknowledged', ackedAt: 31, ackedBy: 'bob' }));
        await save(newAlarm('a.fault', 20, { state: 'cleared', clearedAt: 25 })); // cleared, not acked: open
        await save(newAlarm('c.fault', 20, { state: 'cleared', clearedAt: 22, ackedAt: 21, ackedBy: 'bob' }));
        const [active, acked, clearedOpen, closed] = saved as [Alarm, Alarm, Alarm, Alarm];
        // By time raised, newest first; at one time, the later inserted first.
        assert.deepEqual(await store.queryAlarms(), [acked, closed, clearedOpen, active]);
        assert.deepEqual(await store.queryAlarms({ state: 'open' }), [acked, clearedOpen, active]);
        assert.deepEqual(await store.queryAlarms({ state: 'cleared' }), [closed, clearedOpen]);
        assert.deepEqual(await store.queryAlarms({ state: 'active' }), [active]);
        assert.deepEqual(await store.queryAlarms({ key: 'a.fault' }), [clearedOpen, active]);
        assert.deepEqual(await store.queryAlarms({ state: 'open', key: 'a.fault', limit: 1 }), [clearedOpen]);
        assert.deepEqual(await store.queryAlarms({ key: 'nothing' }), []);
      });
    });
  });
}
