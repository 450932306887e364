// Conformance: site events, appended and read back newest first through every filter.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SiteEvent } from '../store.js';
import { type EngineUnderTest, withSession } from './engine.js';
import { siteEvent } from './fixtures.js';

const EVENTS: SiteEvent[] = [
  siteEvent(10, 'pir-1', { point: 'alarm-status', kind: 'intrusion', data: { zone: 3 } }),
  siteEvent(20, 'ev-1', { message: 'ended' }),
  siteEvent(30, 'pir-1', { kind: 'detection', data: { count: 2, ok: true } }),
  siteEvent(40, 'ev-1', { kind: 'detection' }),
];

export function eventConformance(engine: EngineUnderTest): void {
  describe('events', () => {
    test('appended, read back newest first with their data, after a reopen too', async () => {
      await withSession(engine, async (session) => {
        await session.store.appendEvents(EVENTS.slice(0, 2));
        await session.store.appendEvents(EVENTS.slice(2));
        const newest = [...EVENTS].reverse();
        assert.deepEqual(await session.store.queryEvents(), newest);
        assert.deepEqual(await (await session.reopen()).queryEvents(), newest);
        await session.store.appendEvents([]);
        assert.equal((await session.store.queryEvents()).length, 4, 'nothing to append appends nothing');
      });
    });

    test('filters: device, kind, time range, limit', async () => {
      await withSession(engine, async ({ store }) => {
        await store.appendEvents(EVENTS);
        const newest = (keep: (e: SiteEvent) => boolean) => [...EVENTS].reverse().filter(keep);
        assert.deepEqual(
          await store.queryEvents({ device: 'pir-1' }),
          newest((e) => e.device === 'pir-1'),
        );
        assert.deepEqual(
          await store.queryEvents({ kind: 'detection' }),
          newest((e) => e.kind === 'detection'),
        );
        assert.deepEqual(
          await store.queryEvents({ from: 20, to: 40 }),
          newest((e) => e.ts >= 20 && e.ts < 40),
          'from included, to excluded',
        );
        assert.deepEqual(await store.queryEvents({ limit: 1 }), [EVENTS[3]]);
        assert.deepEqual(await store.queryEvents({ device: 'ev-1', kind: 'detection', from: 0, to: 100 }), [
          EVENTS[3],
        ]);
        assert.deepEqual(await store.queryEvents({ device: 'nobody' }), []);
      });
    });
  });
}
