// `server.sia.receiver.alarms`: which received events raise an alarm (BA, TA, YT by default), the restore of
// each clearing it for the same account and zone, nothing from an account tied to a site device, and a
// problem a person can act on for every entry that cannot be used.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  alarmChangeOf,
  DEFAULT_ALARM_CODES,
  reportAlarmsOf,
} from '../../src/protocols/sia/receiver/alarm-mapping.js';

test('by default BA, TA and YT raise alarms, and their restores clear them', () => {
  assert.deepEqual([...DEFAULT_ALARM_CODES.keys()].sort(), ['BA', 'TA', 'YT']);
  const mapping = reportAlarmsOf(undefined, undefined, []);
  const raised = alarmChangeOf(mapping, { account: 'a001', code: 'TA', zone: '002', text: '' });
  assert.equal(raised?.kind, 'raise');
  assert.equal(raised?.key, 'sia/A001/002/TA');
  assert.deepEqual(alarmChangeOf(mapping, { account: 'A001', code: 'TR', zone: '002' }), {
    kind: 'clear',
    key: 'sia/A001/002/TA',
  });
  assert.equal(alarmChangeOf(mapping, { account: 'A001', code: 'RP', zone: '' }), null);
  assert.equal(alarmChangeOf(mapping, { account: 'A001', code: 'FA', zone: '1' }), null);
});

test('the site file adds, changes and removes codes; an account with a device raises none', () => {
  const problems: string[] = [];
  const mapping = reportAlarmsOf(
    { FA: 'warning', YT: false, BA: 'alarm' },
    { '1001': { device: 'pir-1' } },
    problems,
  );
  assert.deepEqual(problems, []);
  assert.equal(mapping.codes.get('FA'), 'warning');
  assert.equal(mapping.codes.has('YT'), false);
  assert.equal(alarmChangeOf(mapping, { account: '1001', code: 'BA', zone: '1' }), null);
  assert.equal(alarmChangeOf(mapping, { account: '2001', code: 'FR', zone: '1' })?.kind, 'clear');
  assert.equal(reportAlarmsOf(false, undefined, []).codes.size, 0, 'false: none');
});

test('every unusable entry is named', () => {
  const problems: string[] = [];
  reportAlarmsOf({ ZZ: 'alarm', BR: 'alarm', FA: 'loud' }, undefined, problems);
  assert.deepEqual(problems, [
    'receiver.alarms.ZZ: no SIA code "ZZ" (two capital letters, e.g. BA, TA, FA)',
    'receiver.alarms.BR: BR restores BA: map BA, its restore clears it',
    'receiver.alarms.FA must be alarm, warning or false, not "loud"',
  ]);
  const more: string[] = [];
  reportAlarmsOf(['BA'], undefined, more);
  assert.match(more[0] ?? '', /must be a mapping/);
});
