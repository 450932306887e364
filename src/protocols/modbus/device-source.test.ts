import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readSource as readWith } from '../../site/source.js';
import { PROTOCOLS } from '../registry.js';

const readSource = (raw: unknown) => readWith(raw, PROTOCOLS);

describe('a Modbus source, read by the site file with the registry', () => {
  test('a Modbus device by URL or mapping, with defaults', () => {
    const expected = {
      kind: 'modbus',
      settings: {
        host: '192.0.2.1',
        port: 502,
        unit: 3,
        wordOrder: 'high-first',
        timeoutMs: 1000,
        pollMs: 1000,
      },
    };
    assert.deepEqual(readSource('modbus-tcp://192.0.2.1?unit=3').source, expected);
    assert.deepEqual(readSource({ kind: 'modbus', host: '192.0.2.1', unit: 3 }).source, expected);
    assert.deepEqual(
      readSource('modbus-tcp://[::1]:5020?unit=7&wordOrder=low-first&timeoutMs=250&pollMs=500').source,
      {
        kind: 'modbus',
        settings: {
          host: '::1',
          port: 5020,
          unit: 7,
          wordOrder: 'low-first',
          timeoutMs: 250,
          pollMs: 500,
        },
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
    assert.equal(
      readSource('modbus-tcp://h?unit=1&speed=2').problem,
      "source modbus: unknown setting 'speed' (takes host, port, unit, wordOrder, timeoutMs, pollMs, staleMs, disabled)",
    );
    assert.match(readSource('modbus-tcp://h/3').problem ?? '', /has no path/);
    assert.match(readSource({ kind: 'modbus', unit: 1 }).problem ?? '', /needs a host/);
    assert.match(readSource('modbus-tcp://h?unit=1&timeoutMs=1').problem ?? '', /timeoutMs/);
    assert.equal(
      readSource('modbus-tcp://h:x?unit=1').problem,
      "source 'modbus-tcp://h:x?unit=1' is not a valid URL",
    );
  });

  test("the connector's settings: staleMs and disabled, from a URL or a mapping, kept only when given", () => {
    const url = readSource('modbus-tcp://h?unit=1&staleMs=10000&disabled=true').source;
    assert.ok(url && 'settings' in url);
    assert.equal(url.staleMs, 10_000);
    assert.equal(url.disabled, true);
    assert.ok(!('staleMs' in (url.settings as object)), 'the connector settings are not the protocol’s');
    const mapping = readSource({ kind: 'modbus', host: 'h', unit: 1, disabled: false }).source;
    assert.ok(mapping && 'settings' in mapping);
    assert.equal(mapping.disabled, false);
    assert.ok(!('staleMs' in mapping));
    assert.equal(
      readSource('modbus-tcp://h?unit=1&staleMs=-1').problem,
      'source modbus: staleMs must be a whole number 0–86400000',
    );
    assert.equal(
      readSource('modbus-tcp://h?unit=1&disabled=yes').problem,
      'source modbus: disabled must be true or false (got yes)',
    );
  });

  test('a plug-in without a source is not available yet; a kind no plug-in has is unknown', () => {
    assert.equal(
      readSource({ kind: 'haystack' }).problem,
      "source 'haystack' is not available yet: only 'sim', 'modbus', 'bacnet' and 'ocpp' devices run in this version",
    );
    for (const kind of ['replay', 'knx'])
      assert.equal(
        readSource(kind).problem,
        `unknown source '${kind}' (expected sim, modbus, bacnet, ocpp or a modbus-tcp://, bacnet:// or ocpp:// URL)`,
      );
  });
});
