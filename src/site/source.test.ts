import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readSource } from './source.js';

describe('readSource', () => {
  test('absent, `sim` and `{kind: sim}` are the simulation', () => {
    for (const raw of [undefined, 'sim', { kind: 'sim' }])
      assert.deepEqual(readSource(raw), { source: { kind: 'sim' }, problem: null });
  });

  test('real-device kinds are not available yet', () => {
    assert.deepEqual(readSource({ kind: 'modbus', host: '192.0.2.1' }), {
      source: null,
      problem: "source 'modbus' is not available yet: only 'sim' devices run in this version",
    });
    assert.match(readSource('ocpp').problem ?? '', /not available yet/);
  });

  test('an unknown kind, or settings on sim, are refused', () => {
    assert.equal(readSource('replay').problem, "unknown source 'replay' (expected sim)");
    assert.equal(
      readSource({ kind: 'sim', speed: 2 }).problem,
      "source sim takes no settings (unknown field 'speed')",
    );
  });

  test('a malformed source is left to the schema: no source, no second message', () => {
    for (const raw of [null, 3, [], {}, { kind: 4 }])
      assert.deepEqual(readSource(raw), { source: null, problem: null });
  });
});
