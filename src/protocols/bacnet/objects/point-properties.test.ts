// Properties of a commandable DateTime Value: its Priority_Array holds each written level as the
// BACnetPriorityValue choice [1] BACnetDateTime (constructed Date and Time), its Relinquish_Default a plain
// Date and Time. The write path and the points are stand-ins with fixed answers: only the encoding is tested.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Point } from '../../../points/model.js';
import type { PriorityView } from '../../../runtime/services/services.js';
import { decodePropertyValue, PropertyId } from '../codec/index.js';
import type { PointObject } from './device-objects.js';
import { pointProperties } from './point-properties.js';
import type { ReadContext, ReadServices } from './read-context.js';
import { readPropertyValue } from './read-property-value.js';

const point: Point = {
  id: 'next-run',
  name: 'Next Run',
  kind: 'command',
  type: 'datetime',
  tags: [],
  unit: null,
  min: null,
  max: null,
  enum: null,
  trueText: null,
  falseText: null,
  action: null,
  writeRole: 'operator',
  update: 'onEvent',
  intervalMs: null,
  description: null,
  addresses: {},
  protocols: {},
};

const written = '2026-07-01T10:00:00.000Z';
const view: PriorityView = {
  values: Array.from({ length: 16 }, (_, i) => (i === 9 ? written : null)),
  expiries: new Array(16).fill(null),
  relinquishDefault: '1970-01-01T00:00:00.000Z',
  defaultWritten: false,
  value: written,
  level: 10,
};

const services = {
  site: { site: { tz: 'UTC' } },
  clock: { now: () => 0 },
  points: { read: () => ({ value: written, status: 'ok', ts: 0 }) },
  writes: { priorityArray: () => view },
  alarms: { open: () => [] },
} as unknown as ReadServices;
const ctx: ReadContext = { services, alarmed: () => new Set() };
const object: PointObject = {
  id: { type: 44, instance: 0 },
  type: 'DTV',
  name: point.name,
  index: 0,
  key: 'd.next-run',
  point,
  commandable: true,
};

test('a DateTime Value: Priority_Array levels as [1] BACnetDateTime, Relinquish_Default as Date and Time', () => {
  const defs = pointProperties(object, ctx);
  const level = readPropertyValue(defs, { property: PropertyId.PRIORITY_ARRAY, arrayIndex: 10 });
  assert.ok(level.ok);
  const decoded = decodePropertyValue(level.value);
  assert.ok(decoded.ok);
  assert.equal(decoded.value.length, 1);
  const [choice] = decoded.value;
  assert.ok(choice?.type === 'context' && choice.tag === 1 && choice.constructed);
  const inside = decodePropertyValue(choice.data);
  assert.ok(inside.ok);
  assert.deepEqual(inside.value, [
    { type: 'date', value: { year: 2026, month: 7, day: 1, weekday: 3 } },
    { type: 'time', value: { hour: 10, minute: 0, second: 0, hundredths: 0 } },
  ]);
  const empty = readPropertyValue(defs, { property: PropertyId.PRIORITY_ARRAY, arrayIndex: 1 });
  assert.ok(empty.ok);
  assert.deepEqual(decodePropertyValue(empty.value), { ok: true, value: [{ type: 'null' }] });
  const whole = readPropertyValue(defs, { property: PropertyId.PRIORITY_ARRAY });
  assert.ok(whole.ok);
  const all = decodePropertyValue(whole.value);
  assert.ok(all.ok);
  assert.equal(all.value.length, 16);
  const relinquish = readPropertyValue(defs, { property: PropertyId.RELINQUISH_DEFAULT });
  assert.ok(relinquish.ok);
  const plain = decodePropertyValue(relinquish.value);
  assert.ok(plain.ok);
  assert.deepEqual(
    plain.value.map((v) => v.type),
    ['date', 'time'],
  );
});
