// The generic behaviour on points lists it has never seen: over two simulated hours, every number it
// generates — walks and `Sur événement` counters alike — stays inside the point's typical range (Plage Typique).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { VirtualClock } from '../../src/core/clock.js';
import type { Value } from '../../src/core/value.js';
import type { Profile } from '../../src/points/model.js';
import { parsePointsList } from '../../src/points/parse.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import type { PointEntry } from '../../src/runtime/point-store.js';
import { Runtime } from '../../src/runtime/runtime.js';
import type { Site } from '../../src/site/model.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { pointsListArbitrary } from '../points/generate.js';
import { T0 } from './site-fixture.js';

const TWO_HOURS = 2 * 3_600_000;

function siteOf(profile: Profile): Site {
  return {
    site: { id: 'gen', name: 'Generated', tz: 'Europe/Paris', location: null },
    devices: [
      {
        id: 'dev',
        name: 'dev',
        profileRef: profile.id,
        profile,
        // Many events an hour, so that counters reach the top of small ranges within the two hours.
        parameters: { generic: { counterRatePerHour: 600 } },
        source: { kind: 'sim' },
        numbers: { modbus: 1, bacnet: 1000 },
        faults: [],
      },
    ],
    server: {},
    store: { engine: 'sqlite', path: null },
    file: null,
  };
}

/** Every number the device published outside its point's range, as `point = value (min–max)`. */
async function outOfRange(profile: Profile, seed: number): Promise<string[]> {
  const clock = new VirtualClock(T0);
  const bad: string[] = [];
  const record = (entry: PointEntry, _t: number, value: Value) => {
    const { min, max, type, kind } = entry.point;
    if (type !== 'number' || kind === 'command' || typeof value !== 'number') return;
    if ((min !== null && value < min) || (max !== null && value > max))
      bad.push(`${entry.point.name} = ${value} (${min}–${max})`);
  };
  const runtime = await Runtime.open({
    site: siteOf(profile),
    store: new MemoryStore(),
    clock,
    seed: String(seed),
    sampleSinks: [record],
  });
  runtime.start();
  clock.advance(TWO_HOURS);
  await runtime.stop();
  return bad;
}

test('generated numbers stay inside Plage Typique on unseen points lists (2 h each)', async () => {
  await fc.assert(
    fc.asyncProperty(pointsListArbitrary, fc.integer({ min: 1, max: 1000 }), async (text, seed) => {
      const profile = parsePointsList(text, 'generated.md', PROTOCOLS).profile as Profile;
      assert.deepEqual(await outOfRange(profile, seed), []);
    }),
    { numRuns: 25 },
  );
});
