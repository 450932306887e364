import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  assignBacnet,
  autoBacnetType,
  bacnetAccessMismatch,
  bacnetTypeMismatch,
  parseBacnetObject,
} from './bacnet-map.js';

describe('parseBacnetObject', () => {
  test('type and instance in the usual spellings', () => {
    assert.deepEqual(parseBacnetObject('AI0'), { ok: true, type: 'AI', instance: 0 });
    assert.deepEqual(parseBacnetObject('MSV 12'), { ok: true, type: 'MSV', instance: 12 });
    assert.deepEqual(parseBacnetObject('bo:3'), { ok: true, type: 'BO', instance: 3 });
    assert.deepEqual(parseBacnetObject('analog-input,4'), { ok: true, type: 'AI', instance: 4 });
    assert.deepEqual(parseBacnetObject('CSV1'), { ok: true, type: 'CSV', instance: 1 });
  });
  test('unknown types and bad instances are errors', () => {
    for (const bad of ['XY0', 'AI', '12', 'AI-1x', 'AI4194303', 'LAV0'])
      assert.equal(parseBacnetObject(bad).ok, false, bad);
  });
});

describe('object types', () => {
  test('automatic types per the spec', () => {
    assert.equal(autoBacnetType('number', 'sensor'), 'AI');
    assert.equal(autoBacnetType('number', 'command'), 'AO');
    assert.equal(autoBacnetType('bool', 'command'), 'BO');
    assert.equal(autoBacnetType('action', 'command'), 'BO');
    assert.equal(autoBacnetType('enum', 'command'), 'MSV');
    assert.equal(autoBacnetType('enum', 'status'), 'MSV');
    assert.equal(autoBacnetType('bool', 'status'), 'BI');
    assert.equal(autoBacnetType('string', 'command'), 'CSV');
    assert.equal(autoBacnetType('datetime', 'status'), 'DTV');
  });
  test('an object must be able to carry the value', () => {
    assert.equal(bacnetTypeMismatch('AI', { type: 'number', kind: 'sensor' }), null);
    assert.match(
      bacnetTypeMismatch('BI', { type: 'number', kind: 'sensor' }) ?? '',
      /cannot carry a number point \(use AI\)/,
    );
    assert.notEqual(bacnetTypeMismatch('MSV', { type: 'bool', kind: 'status' }), null);
  });
  test('access mismatches are reported for warnings', () => {
    assert.notEqual(bacnetAccessMismatch('AI', 'command'), null);
    assert.notEqual(bacnetAccessMismatch('AO', 'sensor'), null);
    assert.equal(bacnetAccessMismatch('MSV', 'status'), null);
    assert.equal(bacnetAccessMismatch('BO', 'command'), null);
  });
});

describe('assignBacnet', () => {
  test('lowest free instance per type, explicit objects kept', () => {
    const got = assignBacnet([
      { type: 'number', kind: 'sensor', explicit: null },
      { type: 'number', kind: 'sensor', explicit: { type: 'AI', instance: 0 } },
      { type: 'number', kind: 'sensor', explicit: { type: 'AI', instance: 2 } },
      { type: 'number', kind: 'sensor', explicit: null },
      { type: 'number', kind: 'sensor', explicit: null },
      { type: 'enum', kind: 'status', explicit: null },
    ]);
    assert.deepEqual(
      got.map((b) => `${b.type}${b.instance}${b.auto ? '*' : ''}`),
      ['AI1*', 'AI0', 'AI2', 'AI3*', 'AI4*', 'MSV0*'],
    );
  });
});
