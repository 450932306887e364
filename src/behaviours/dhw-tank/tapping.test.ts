import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeSite } from '../../../test/runtime/site-fixture.js';
import { createRng } from '../../core/rng.js';
import type { Device } from '../../site/model.js';
import { readParameters } from './parameters.js';
import {
  createTaps,
  dailyShape,
  drawOver,
  drawRates,
  flowNow,
  MAX_TAPS,
  maybeStartDraw,
  rateAt,
} from './tapping.js';

const p = readParameters(makeSite([['dhw', 'dhw-tank']]).devices[0] as Device);

test('the daily shape sums to one, with a morning and an evening peak and quiet nights', () => {
  const shape = dailyShape(p);
  assert.ok(Math.abs(shape.reduce((s, x) => s + x, 0) - 1) < 1e-12);
  const at = (h: number) => shape[h * 60] as number;
  assert.ok(at(7) > 3 * at(13) && at(19) > 3 * at(13));
  assert.ok(at(3) < at(13) / 10);
});

test('draw rates give the daily volume on average', () => {
  const rates = drawRates(p);
  const perDay = rates.reduce((s, r) => s + r * 60, 0) * p.drawMeanL;
  assert.ok(Math.abs(perDay - p.tappingDailyL) < 1e-9);
  assert.equal(rateAt(rates, 7), rates[420]);
});

test('over 60 simulated days the taps draw the daily volume, with flows inside the tap range', () => {
  const rng = createRng('taps');
  const taps = createTaps();
  const rates = drawRates(p);
  let total = 0;
  let maxFlow = 0;
  for (let t = 0; t < 60 * 86_400; t += 10) {
    maybeStartDraw(taps, p, rateAt(rates, (t % 86_400) / 3600), 10, rng);
    total += drawOver(taps, 10);
    maxFlow = Math.max(maxFlow, flowNow(taps));
  }
  const perDay = total / 60;
  assert.ok(Math.abs(perDay - p.tappingDailyL) < 0.1 * p.tappingDailyL, `${perDay} L/day`);
  assert.ok(maxFlow <= MAX_TAPS * p.drawFlowMaxLpm && maxFlow >= p.drawFlowMinLpm);
});

test('a draw runs at its flow until its volume is out', () => {
  const taps = createTaps();
  taps.remainingL[0] = 5;
  taps.flowLpm[0] = 6;
  assert.equal(flowNow(taps), 6);
  assert.equal(drawOver(taps, 30), 3);
  assert.equal(drawOver(taps, 30), 2);
  assert.equal(flowNow(taps), 0);
  assert.equal(drawOver(taps, 30), 0);
});
