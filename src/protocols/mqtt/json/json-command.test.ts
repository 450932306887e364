// The command payload parser: bare values, plain text and command objects read as the docs say; any bytes at
// all give a command or an error with a write path code and a message, never an exception.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { MAX_COMMAND_BYTES, parseCommand } from './json-command.js';

const parse = (text: string) => parseCommand(Buffer.from(text));

test('bare JSON values and plain text are values written at the default level', () => {
  assert.deepEqual(parse('21.5'), { ok: true, value: 21.5 });
  assert.deepEqual(parse(' true\n'), { ok: true, value: true });
  assert.deepEqual(parse('"ECO"'), { ok: true, value: 'ECO' });
  assert.deepEqual(parse('ON'), { ok: true, value: 'ON' });
  assert.deepEqual(parse('21.5 °C'), { ok: true, value: '21.5 °C' });
  assert.deepEqual(parse('null'), { ok: true, value: null });
});

test('a command object gives the value, its level and a duration (a level-8 override)', () => {
  assert.deepEqual(parse('{"val":60,"level":9}'), { ok: true, value: 60, level: 9 });
  assert.deepEqual(parse('{"val":"ECO","duration":"15min"}'), {
    ok: true,
    value: 'ECO',
    level: 8,
    durationMs: 900_000,
  });
  assert.deepEqual(parse('{"val":60,"level":8,"duration":90}'), {
    ok: true,
    value: 60,
    level: 8,
    durationMs: 90_000,
  });
  assert.deepEqual(parse('{"val":null,"level":8}'), { ok: true, value: null, level: 8 });
});

test('malformed commands are errors with the write path code a person can act on', () => {
  const cases: [string, string, RegExp][] = [
    ['', 'bad-type', /empty/],
    ['{"val":', 'bad-type', /not valid JSON/],
    ['[1,2]', 'bad-type', /list/],
    ['{"value":1}', 'bad-type', /takes val, level and duration, not "value"/],
    ['{"level":8}', 'bad-type', /needs val/],
    ['{"val":{"a":1}}', 'bad-type', /val must be/],
    ['{"val":1,"level":0}', 'bad-level', /1 to 17/],
    ['{"val":1,"level":"8"}', 'bad-level', /1 to 17/],
    ['{"val":1,"duration":"soon"}', 'bad-duration', /15min/],
    ['{"val":1,"duration":-5}', 'bad-duration', /seconds/],
    ['{"val":1,"duration":"31d"}', 'bad-duration', /30 days/],
    ['{"val":1,"level":16,"duration":60}', 'bad-duration', /level 8/],
  ];
  for (const [text, code, message] of cases) {
    const parsed = parse(text);
    assert.equal(parsed.ok, false, text);
    if (parsed.ok) continue;
    assert.equal(parsed.code, code, text);
    assert.match(parsed.message, message, text);
  }
  const huge = parseCommand(Buffer.alloc(MAX_COMMAND_BYTES + 1, 0x31));
  assert.equal(huge.ok, false);
});

test('any payload gives a command or an error, never an exception', () => {
  const payloads = fc.oneof(
    fc.uint8Array({ maxLength: 200 }),
    fc.string().map((s) => new Uint8Array(Buffer.from(s))),
    fc.json().map((s) => new Uint8Array(Buffer.from(s))),
    fc
      .record({ val: fc.jsonValue(), level: fc.anything(), duration: fc.anything() }, { requiredKeys: [] })
      .map((o) => new Uint8Array(Buffer.from(JSON.stringify(o) ?? ''))),
  );
  fc.assert(
    fc.property(payloads, (payload) => {
      const parsed = parseCommand(payload);
      if (parsed.ok) {
        assert.ok(['number', 'boolean', 'string'].includes(typeof parsed.value) || parsed.value === null);
        if (parsed.level !== undefined) assert.ok(Number.isInteger(parsed.level));
        if (parsed.durationMs !== undefined) assert.ok(parsed.durationMs > 0 && parsed.level === 8);
      } else {
        assert.match(parsed.code, /^bad-(type|level|duration)$/);
        assert.ok(parsed.message.length > 10);
      }
    }),
    { numRuns: 3000 },
  );
});
