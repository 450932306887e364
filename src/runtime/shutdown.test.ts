// The stop's order and bound: writes refused first, the lock released last and never while the store is
// open, a failing step does not stop the others, and a stop that hangs is given up at the bound.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type ShutdownSteps, shutdown } from './shutdown.js';

const quiet = { info() {}, warn() {}, error() {} };

/** Steps that record their order; `override` replaces some. The bound never passes unless a test says. */
function recorded(override: Partial<ShutdownSteps> = {}) {
  const order: string[] = [];
  const note = (what: string) => async () => {
    order.push(what);
  };
  const steps: ShutdownSteps = {
    refuseWrites: () => void order.push('refuse writes'),
    writesAnswered: note('writes answered'),
    servers: [
      { name: 'http', close: async (grace) => void order.push(`close http (${grace} ms)`) },
      { name: 'line', close: async (grace) => void order.push(`close line (${grace} ms)`) },
    ],
    stopRuntime: note('stop runtime'),
    closeStore: note('close store'),
    releaseLock: () => void order.push('release lock'),
    log: quiet,
    graceMs: 1500,
    after: () => new Promise(() => {}),
    ...override,
  };
  return { order, steps };
}

describe('shutdown', () => {
  test('refuses writes, answers those under way, closes servers with the grace, stops, closes, unlocks', async () => {
    const { order, steps } = recorded();
    assert.equal(await shutdown(steps), 'stopped');
    assert.deepEqual(order, [
      'refuse writes',
      'writes answered',
      'close http (1500 ms)',
      'close line (1500 ms)',
      'stop runtime',
      'close store',
      'release lock',
    ]);
  });

  test('a failing step is logged and the next ones run: the outcome is failed', async () => {
    const errors: unknown[] = [];
    const { order, steps } = recorded({
      stopRuntime: async () => {
        throw new Error('disk full');
      },
      log: { ...quiet, error: (obj) => void errors.push(obj) },
    });
    assert.equal(await shutdown(steps), 'failed');
    assert.deepEqual(order.slice(-2), ['close store', 'release lock']);
    assert.equal(errors.length, 1);
  });

  test('a store that fails to close keeps the lock', async () => {
    const { order, steps } = recorded({
      closeStore: async () => {
        throw new Error('busy');
      },
    });
    assert.equal(await shutdown(steps), 'failed');
    assert.ok(!order.includes('release lock'), order.join(', '));
  });

  test('past the bound it gives up without releasing the lock, even if the store closes later', async () => {
    let passBound = () => {};
    let storeCloses = () => {};
    const { order, steps } = recorded({
      boundMs: 10_000,
      after: (ms) => {
        assert.equal(ms, 10_000);
        return new Promise((resolve) => {
          passBound = resolve;
        });
      },
      closeStore: () =>
        new Promise((resolve) => {
          storeCloses = resolve;
        }),
    });
    const outcome = shutdown(steps);
    // A bounded poll until the stop waits on the store.
    for (let i = 0; i < 100 && !order.includes('stop runtime'); i++) await new Promise(setImmediate);
    passBound();
    assert.equal(await outcome, 'timed out');
    assert.ok(!order.includes('release lock'));
    storeCloses(); // the store closes after all: only then is the lock released
    for (let i = 0; i < 100 && !order.includes('release lock'); i++) await new Promise(setImmediate);
    assert.deepEqual(order.slice(-1), ['release lock']);
  });
});
