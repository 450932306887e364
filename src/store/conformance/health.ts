// Conformance: a fresh store is healthy, answers its probe, and closes twice without harm.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type EngineUnderTest, withSession } from './engine.js';

export function healthConformance(engine: EngineUnderTest): void {
  describe('health', () => {
    test('a fresh store is healthy and its probe answers a time in ms', async () => {
      await withSession(engine, async ({ store }) => {
        assert.equal(store.health.failing(), false);
        assert.deepEqual(store.health.problems, []);
        const ms = await store.probe();
        assert.ok(Number.isFinite(ms) && ms >= 0, `probe ${ms}`);
      });
    });

    test('a second close does nothing', async () => {
      const store = await engine.open();
      await store.close();
      await store.close();
    });
  });
}
