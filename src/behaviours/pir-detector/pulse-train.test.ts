import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../core/rng.js';
import { PulseTrain } from './pulse-train.js';

const SHAPE = { minSamples: 3, maxSamples: 6, gapMinSamples: 2, gapMaxSamples: 8 };

/** The samples of one passage, until the train ends. */
function play(train: PulseTrain, seed: string): number[] {
  const rng = createRng(seed);
  const out: number[] = [];
  while (train.active) out.push(train.sample(rng));
  return out;
}

test('a passage is a train of separate half-sine pulses near its peak', () => {
  for (let i = 0; i < 200; i++) {
    const rng = createRng(`start-${i}`);
    const train = new PulseTrain(SHAPE);
    const pulses = rng.int(2, 4);
    train.start(rng, pulses, 80, false);
    const samples = play(train, `play-${i}`);
    // Pulses are runs of non-zero samples separated by zeros.
    const runs = samples
      .join(',')
      .split(/(?:^|,)0(?:,0)*(?:,|$)/)
      .filter((r) => r !== '');
    assert.equal(runs.length, pulses);
    for (const run of runs) {
      const values = run.split(',').map(Number);
      assert.ok(values.length >= 3 && values.length <= 6);
      assert.ok(Math.max(...values) <= 80 && Math.max(...values) >= 80 * 0.85 * Math.sin(Math.PI / 4));
    }
    assert.equal(train.active, false);
    assert.equal(train.sample(rng), 0, 'quiet once the passage is over');
  }
});
