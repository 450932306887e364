import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readSource } from './source.js';

describe('readSource', () => {
  test('absent, `sim` and `{kind: sim}` are the simulation', () => {
    for (const raw of [undefined, 'sim', { kind: 'sim' }])
      assert.deepEqual(readSource(raw), { source: { kind: 'sim' }, problem: null });
  });

  test('a Modbus device by URL or mapping, with defaults', () => {
    const expected = {
      kind: 'modbus',
      host: '192.0.2.1',
      port: 502,
      unit: 3,
      wordOrder: 'high-first',
      timeoutMs: 1000,
      pollMs: 1000,
    };
    assert.deepEqual(readSource('modbus-tcp://192.0.2.1?unit=3').source, expected);
    assert.deepEqual(readSource({ kind: 'modbus', host: '192.0.2.1', unit: 3 }).source, expected);
    assert.deepEqual(
      readSource('modbus-tcp://[::1]:5020?unit=7&wordOrder=low-first&timeoutMs=250&pollMs=500').source,
      {
        kind: 'modbus',
        host: '::1',
        port: 5020,
        unit: 7,
        wordOrder: 'low-first',
        timeoutMs: 250,
        pollMs: 500,
      },
    );
  });

  test('bad Modbus settings say which and why', () => {
    assert.equal(readSource('modbus-tcp://h').problem, 'source modbus: unit must be 0–255 (got undefined)');
    assert.equal(
      readSource('modbus-tcp://h?unit=300').problem,
      'source modbus: unit must be 0–255 (got 300)',
    );
    assert.match(readSource('modbus-tcp://h?unit=1&wordOrder=middle').problem ?? '', /wordOrder must be/);
    assert.match(readSource('modbus-tcp://h?unit=1&speed=2').problem ?? '', /unknown setting 'speed'/);
    assert.match(readSource('modbus-tcp://h/3').problem ?? '', /has no path/);
    assert.match(readSource({ kind: 'modbus', unit: 1 }).problem ?? '', /needs a host/);
    assert.match(readSource('modbus-tcp://h?unit=1&timeoutMs=1').problem ?? '', /timeoutMs/);
  });

  test("the connector's settings: staleMs and disabled, from a URL or a mapping, kept only when given", () => {
    const url = readSource('modbus-tcp://h?unit=1&staleMs=10000&disabled=true').source;
    assert.ok(url?.kind === 'modbus');
    assert.equal(url.staleMs, 10_000);
    assert.equal(url.disabled, true);
    const mapping = readSource({ kind: 'modbus', host: 'h', unit: 1, disabled: false }).source;
    assert.ok(mapping?.kind === 'modbus');
    assert.equal(mapping.disabled, false);
    assert.ok(!('staleMs' in mapping));
    assert.match(readSource('modbus-tcp://h?unit=1&staleMs=-1').problem ?? '', /staleMs must be/);
    assert.match(readSource('modbus-tcp://h?unit=1&disabled=yes').problem ?? '', /disabled must be/);
  });

  test('other real-device kinds are not available yet', () => {
    assert.match(readSource('ocpp').problem ?? '', /not available yet/);
    assert.match(readSource({ kind: 'bacnet' }).problem ?? '', /not available yet/);
  });

  test('an unknown kind, or settings on sim, are refused', () => {
    assert.equal(
      readSource('replay').problem,
      "unknown source 'replay' (expected sim, modbus or a modbus-tcp:// URL)",
    );
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
