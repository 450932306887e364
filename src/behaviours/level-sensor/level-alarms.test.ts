import assert from 'node:assert/strict';
import { test } from 'node:test';
import { highLevelAlarm, lowLevelAlarm } from './level-alarms.js';

test('high alarm: raised at the threshold, cleared only below threshold − band', () => {
  assert.equal(highLevelAlarm(false, 84.99, 85, 2), false);
  assert.equal(highLevelAlarm(false, 85, 85, 2), true);
  assert.equal(highLevelAlarm(true, 83.5, 85, 2), true);
  assert.equal(highLevelAlarm(true, 83, 85, 2), true);
  assert.equal(highLevelAlarm(true, 82.99, 85, 2), false);
  assert.equal(highLevelAlarm(false, 84, 85, 2), false, 'not raised inside the band');
});

test('low alarm: raised at the threshold, cleared only above threshold + band', () => {
  assert.equal(lowLevelAlarm(false, 15.01, 15, 2), false);
  assert.equal(lowLevelAlarm(false, 15, 15, 2), true);
  assert.equal(lowLevelAlarm(true, 17, 15, 2), true);
  assert.equal(lowLevelAlarm(true, 17.01, 15, 2), false);
  assert.equal(lowLevelAlarm(false, 16, 15, 2), false, 'not raised inside the band');
});
