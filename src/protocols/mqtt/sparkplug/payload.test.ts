import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import sparkplugPayload from 'sparkplug-payload';
import { type DataMetric, encodeData } from './data-encoder.js';
import { DataType, decodePayload, encodePayload, type Metric, withSeq } from './payload.js';
import { markHistorical } from './sequencer.js';

// The independent decoder: Eclipse Tahu's, from npm.
const tahu = sparkplugPayload.get('spBv1.0');
if (!tahu) throw new Error('sparkplug-payload has no spBv1.0 codec');

/** A Long or a number as a number. */
const num = (v: unknown): number | undefined =>
  v === undefined || v === null
    ? undefined
    : typeof v === 'number'
      ? v
      : Number((v as { toString(): string }).toString());

const TYPE_NAMES: Record<number, string> = { 10: 'Double', 11: 'Boolean', 12: 'String', 13: 'DateTime' };

const dataMetric: fc.Arbitrary<DataMetric> = fc
  .record({
    alias: fc.integer({ min: 0, max: 2 ** 40 }),
    timestamp: fc.integer({ min: 0, max: 2 ** 45 }),
    kind: fc.constantFrom('double', 'boolean', 'string', 'datetime', 'null'),
    double: fc.double({ noNaN: true }),
    boolean: fc.boolean(),
    string: fc.string({ unit: 'grapheme' }),
    date: fc.integer({ min: 0, max: 2 ** 45 }),
  })
  .map((r) => {
    switch (r.kind) {
      case 'double':
        return { alias: r.alias, timestamp: r.timestamp, type: DataType.Double, value: r.double };
      case 'boolean':
        return { alias: r.alias, timestamp: r.timestamp, type: DataType.Boolean, value: r.boolean };
      case 'string':
        return { alias: r.alias, timestamp: r.timestamp, type: DataType.String, value: r.string };
      case 'datetime':
        return {
          alias: r.alias,
          timestamp: r.timestamp,
          type: DataType.DateTime,
          value: new Date(r.date).toISOString(),
        };
      default:
        return { alias: r.alias, timestamp: r.timestamp, type: DataType.Double, value: null };
    }
  });

describe('Sparkplug B payload codec', () => {
  test('DDATA written by hand decodes with Tahu’s decoder to the same metrics (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 45 }),
        fc.array(dataMetric, { maxLength: 20 }),
        fc.integer({ min: 0, max: 255 }),
        fc.boolean(),
        (timestamp, metrics, seq, historical) => {
          const decoded = tahu.decodePayload(withSeq(encodeData(timestamp, metrics, historical), seq));
          assert.equal(num(decoded.timestamp), timestamp);
          assert.equal(num(decoded.seq), seq);
          assert.equal(decoded.metrics?.length ?? 0, metrics.length);
          metrics.forEach((m, i) => {
            const d = decoded.metrics?.[i];
            assert.ok(d);
            assert.equal(num(d.alias), m.alias);
            assert.equal(num(d.timestamp), m.timestamp);
            assert.equal(d.type, TYPE_NAMES[m.type]);
            assert.equal(d.isHistorical === true, historical);
            // Tahu's decoder reads is_null as a null value.
            if (m.value === null) assert.equal(d.value, null);
            else if (m.type === DataType.DateTime) assert.equal(num(d.value), Date.parse(m.value as string));
            else if (m.type === DataType.Double) assert.ok(Object.is(d.value, m.value));
            else assert.equal(d.value, m.value);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  test('births encoded from the proto decode with Tahu’s decoder: names, types, values, properties', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            name: fc.string({ minLength: 1 }),
            alias: fc.integer({ min: 0, max: 2 ** 40 }),
            value: fc.oneof(fc.double({ noNaN: true }), fc.boolean(), fc.string()),
            unit: fc.option(fc.string()),
          }),
          { maxLength: 10 },
        ),
        (points) => {
          const metrics: Metric[] = points.map((p) => {
            const metric: Metric = { name: p.name, alias: p.alias, timestamp: 5 };
            if (typeof p.value === 'number') Object.assign(metric, { datatype: 10, doubleValue: p.value });
            else if (typeof p.value === 'boolean')
              Object.assign(metric, { datatype: 11, booleanValue: p.value });
            else Object.assign(metric, { datatype: 12, stringValue: p.value });
            if (p.unit !== null)
              metric.properties = { keys: ['engUnit'], values: [{ type: 12, stringValue: p.unit }] };
            return metric;
          });
          const decoded = tahu.decodePayload(encodePayload({ timestamp: 1, metrics }));
          points.forEach((p, i) => {
            const d = decoded.metrics?.[i];
            assert.ok(d);
            assert.equal(d.name, p.name);
            assert.equal(num(d.alias), p.alias);
            assert.ok(Object.is(d.value, p.value));
            if (p.unit === null) assert.equal(d.properties, undefined);
            else assert.deepEqual(d.properties, { engUnit: { type: 'String', value: p.unit } });
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  test('a command Tahu encodes decodes here (DCMD by alias and by name)', () => {
    const bytes = tahu.encodePayload({
      timestamp: 1,
      metrics: [
        { alias: 1048577, type: 'Double', value: 21.5 },
        { name: 'mode', type: 'String', value: 'AUTO' },
        { name: 'Node Control/Rebirth', type: 'Boolean', value: true },
      ],
    });
    const decoded = decodePayload(bytes);
    assert.deepEqual(
      decoded.metrics.map((m) => [m.alias ?? m.name, m.doubleValue ?? m.stringValue ?? m.booleanValue]),
      [
        [1048577, 21.5],
        ['mode', 'AUTO'],
        ['Node Control/Rebirth', true],
      ],
    );
  });

  test('a replayed DDATA keeps its metrics and timestamps, marked historical', () => {
    const metrics: DataMetric[] = [
      { alias: 7, timestamp: 1000, type: DataType.Double, value: 1.5 },
      { alias: 8, timestamp: 2000, type: DataType.Boolean, value: true },
    ];
    const decoded = tahu.decodePayload(withSeq(markHistorical(encodeData(3000, metrics)), 9));
    assert.deepEqual(
      decoded.metrics?.map((m) => [num(m.alias), num(m.timestamp), m.value, m.isHistorical]),
      [
        [7, 1000, 1.5, true],
        [8, 2000, true, true],
      ],
    );
    assert.equal(num(decoded.seq), 9);
  });
});
