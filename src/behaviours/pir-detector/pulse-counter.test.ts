import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PulseCounter } from './pulse-counter.js';

/** Feeds 100 ms samples from t = 0 and returns the times of detections. */
function detections(values: number[], threshold: number, windowMs = 3000): number[] {
  const counter = new PulseCounter(windowMs);
  return values.flatMap((v, i) => (counter.feed(v, threshold, i * 100) ? [i * 100] : []));
}

test('one pulse, however long, is not a detection', () => {
  assert.deepEqual(detections([2, 50, 60, 70, 60, 50, 3, 2, 1], 45), []);
});

test('two pulses above the threshold within the window are one detection, at the second rising edge', () => {
  assert.deepEqual(detections([2, 50, 60, 3, 2, 55, 48, 1], 45), [500]);
});

test('the signal must be strictly above the threshold', () => {
  assert.deepEqual(detections([2, 45, 3, 45, 2], 45), []);
  assert.deepEqual(detections([2, 45.1, 3, 45.1, 2], 45), [300]);
});

test('a second pulse after the window starts a new count', () => {
  const gap = new Array(31).fill(1);
  assert.deepEqual(detections([50, 1, ...gap, 50, 1, 50], 45), [3500]);
});

test('after a detection, two new pulses are needed', () => {
  assert.deepEqual(detections([50, 1, 50, 1, 50, 1, 50], 45), [200, 600]);
});
