// Conformance: device counters, set by key, the others kept.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type EngineUnderTest, withSession } from './engine.js';

export function counterConformance(engine: EngineUnderTest): void {
  describe('counters', () => {
    test('saved counters replace theirs, keep the others, and come back after a reopen', async () => {
      await withSession(engine, async (session) => {
        assert.deepEqual(await session.store.loadCounters(), new Map());
        await session.store.saveCounters(
          new Map([
            ['pir-1.detection-count', 41],
            ['ev-1.energy', 12.5],
          ]),
        );
        await session.store.saveCounters(new Map([['pir-1.detection-count', 42]]));
        const expected = new Map([
          ['pir-1.detection-count', 42],
          ['ev-1.energy', 12.5],
        ]);
        assert.deepEqual(await session.store.loadCounters(), expected);
        const loaded = await (await session.reopen()).loadCounters();
        assert.deepEqual(loaded, expected);
        loaded.set('pir-1.detection-count', 0);
        assert.deepEqual(await session.store.loadCounters(), expected, 'a copy comes back');
      });
    });
  });
}
