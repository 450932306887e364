import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  addHeat,
  createLayers,
  drawOff,
  type Layers,
  layerAt,
  layerUa,
  loseHeat,
  readSensor,
  removeInversions,
  replaceBottom,
  roomAbove,
  sensorTap,
  storedJoules,
  WATER_C,
} from './layers.js';

const COLD = 10;

function tank(temps: number[], volumeL = 300): Layers {
  const layers = createLayers(volumeL, temps.length);
  layers.t.set(temps);
  return layers;
}

const temps = fc.array(fc.double({ min: COLD, max: 95, noNaN: true }), { minLength: 3, maxLength: 20 });
const sorted = temps.map((t) => [...t].sort((a, b) => a - b));
const close = (a: number, b: number, scale: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(scale));

describe('layers', () => {
  test('stored energy is Σ m·c·(T − T_cold)', () => {
    const layers = tank([20, 40, 60]);
    assert.equal(storedJoules(layers, COLD), 100 * WATER_C * (10 + 30 + 50));
  });

  test('draw-off carries out exactly what the layers lose, and cold water enters at the bottom', () => {
    fc.assert(
      fc.property(sorted, fc.double({ min: 0, max: 1, noNaN: true }), (t, share) => {
        const layers = tank(t);
        const before = storedJoules(layers, COLD);
        const out = drawOff(layers, share * layers.mass, COLD);
        const after = storedJoules(layers, COLD);
        assert.ok(close(before - after, out, before), `${before - after} vs ${out}`);
        // A stable column stays stable and no layer warms: each takes from the colder one below.
        for (let i = 0; i < t.length; i++) assert.ok((layers.t[i] as number) <= (t[i] as number) + 1e-9);
      }),
    );
  });

  test('a whole layer drawn off shifts the column up by one layer', () => {
    const layers = tank([30, 40, 50, 60]);
    drawOff(layers, layers.mass, COLD);
    assert.deepEqual([...layers.t], [COLD, 30, 40, 50]);
  });

  test('inversion removal conserves heat, leaves a stable column and mixes only unstable layers', () => {
    fc.assert(
      fc.property(temps, (t) => {
        const layers = tank(t);
        const before = storedJoules(layers, COLD);
        const merges = removeInversions(layers);
        assert.ok(close(storedJoules(layers, COLD), before, before));
        for (let i = 1; i < t.length; i++) assert.ok((layers.t[i] as number) >= (layers.t[i - 1] as number));
        const wasStable = t.every((x, i) => i === 0 || x >= (t[i - 1] as number));
        assert.equal(merges === 0, wasStable);
        if (wasStable) assert.deepEqual([...layers.t], t);
      }),
    );
  });

  test('a warm bottom layer rises and mixes with the layers above it', () => {
    const layers = tank([70, 40, 50, 80]);
    removeInversions(layers);
    assert.deepEqual([...layers.t], [160 / 3, 160 / 3, 160 / 3, 80]);
  });

  test('heat losses drive each layer towards the room, exactly, and are counted', () => {
    const layers = tank([15, 50, 70]);
    const decay = new Float64Array([0.5, 0.5, 0.9]);
    const before = storedJoules(layers, COLD);
    const lost = loseHeat(layers, decay, 20);
    assert.deepEqual([...layers.t], [17.5, 35, 20 + 50 * 0.9]);
    assert.ok(close(before - storedJoules(layers, COLD), lost, before));
  });

  test('no loss ever warms a layer above the room', () => {
    fc.assert(
      fc.property(temps, fc.double({ min: 0, max: 1, noNaN: true }), (t, d) => {
        const layers = tank(t);
        loseHeat(layers, new Float64Array(t.length).fill(d), 20);
        t.forEach((x, i) => {
          if (x >= 20) assert.ok((layers.t[i] as number) <= x && (layers.t[i] as number) >= 20 - 1e-12);
        });
      }),
    );
  });

  test('a heater adds its energy until the water above it reaches the cut-out, and no further', () => {
    const layers = tank([50, 55, 60]);
    assert.equal(roomAbove(layers, 0, 60), 100 * WATER_C * 15);
    assert.equal(addHeat(layers, 0, 100 * WATER_C * 2, 60), 100 * WATER_C * 2);
    assert.equal(layers.t[0], 52);
    assert.equal(addHeat(layers, 0, 100 * WATER_C * 20, 60), 100 * WATER_C * 13);
    removeInversions(layers);
    assert.deepEqual([...layers.t], [60, 60, 60]);
    assert.equal(addHeat(layers, 0, 1000, 60), 0);
    assert.equal(addHeat(layers, 2, 1000, 59), 0);
  });

  test('heat capped by the cut-out never takes a mixed layer above it', () => {
    fc.assert(
      fc.property(sorted, fc.double({ min: 0, max: 1e8, noNaN: true }), fc.nat(), (t, q, k) => {
        const layers = tank(t);
        const index = k % t.length;
        const limit = 70;
        addHeat(layers, index, q, limit);
        removeInversions(layers);
        for (let i = 0; i < t.length; i++) {
          assert.ok((layers.t[i] as number) <= Math.max(limit, t[i] as number) + 1e-9);
        }
      }),
    );
  });

  test('cold water replacing part of the bottom layer loses its heat', () => {
    const layers = tank([50, 60, 60]);
    assert.equal(replaceBottom(layers, 10, COLD), 10 * WATER_C * 40);
    assert.equal(layers.t[0], 46);
  });

  test('sensors read between layer centres; heaters sit in the layer at their height', () => {
    const layers = tank([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    assert.equal(readSensor(layers, sensorTap(10, 0.15)), 20);
    assert.equal(readSensor(layers, sensorTap(10, 0.5)), 55);
    assert.ok(Math.abs(readSensor(layers, sensorTap(10, 0.9)) - 95) < 1e-9);
    assert.equal(readSensor(layers, sensorTap(10, 1)), 100);
    assert.equal(readSensor(layers, sensorTap(10, 0)), 10);
    assert.equal(layerAt(10, 0.05), 0);
    assert.equal(layerAt(10, 0.6), 6);
    assert.equal(layerAt(10, 0.99), 9);
  });

  test('the shell UA is shared by surface: end layers carry their caps', () => {
    const ua = layerUa(10, 2, 2.5);
    assert.ok(Math.abs(ua.reduce((s, x) => s + x, 0) - 2) < 1e-12);
    assert.ok((ua[0] as number) > (ua[5] as number));
    assert.equal(ua[0], ua[9]);
  });
});
