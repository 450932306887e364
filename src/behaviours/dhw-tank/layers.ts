// The stratified water column: N layers of equal mass, bottom (index 0) to top (N−1). Each operation moves
// heat explicitly and returns the joules it moved, so the energy stored always equals heat in − heat out.

/** Specific heat of water, J/(kg·K). */
export const WATER_C = 4186;

export interface Layers {
  /** Temperatures, bottom to top, °C. */
  t: Float64Array;
  /** Mass of one layer, kg (1 L = 1 kg). */
  mass: number;
  /** m·c of one layer, J/K. */
  heatCapacity: number;
  /** Work space of `removeInversions`: sums and sizes of the mixed blocks. */
  blockSum: Float64Array;
  blockCount: Int32Array;
}

export function createLayers(volumeL: number, count: number): Layers {
  const mass = volumeL / count;
  return {
    t: new Float64Array(count),
    mass,
    heatCapacity: mass * WATER_C,
    blockSum: new Float64Array(count),
    blockCount: new Int32Array(count),
  };
}

/** Layer holding relative height `h` (0 bottom … 1 top). */
export function layerAt(count: number, h: number): number {
  return Math.min(count - 1, Math.max(0, Math.floor(h * count)));
}

/** Heat stored above the cold-water temperature, J: Σ m·c·(T − T_cold). */
export function storedJoules(layers: Layers, coldC: number): number {
  let sum = 0;
  for (let i = 0; i < layers.t.length; i++) sum += (layers.t[i] as number) - coldC;
  return sum * layers.heatCapacity;
}

/** Mean temperature of the water, °C. */
export function meanTemperature(layers: Layers): number {
  let sum = 0;
  for (let i = 0; i < layers.t.length; i++) sum += layers.t[i] as number;
  return sum / layers.t.length;
}

/**
 * Draw-off of `volumeL` (at most one layer's mass): water leaves at the top and the same volume of cold water
 * enters at the bottom; each layer takes the share f = V/m of the layer below (upwind plug flow). Returns the
 * heat carried out, J, relative to cold water: V·c·(T_top − T_cold) — exactly what the layers lose.
 */
export function drawOff(layers: Layers, volumeL: number, coldC: number): number {
  if (volumeL <= 0) return 0;
  const t = layers.t;
  const f = Math.min(1, volumeL / layers.mass);
  const top = t[t.length - 1] as number;
  for (let i = t.length - 1; i > 0; i--) {
    const ti = t[i] as number;
    t[i] = ti + f * ((t[i - 1] as number) - ti);
  }
  const t0 = t[0] as number;
  t[0] = t0 + f * (coldC - t0);
  return f * layers.mass * WATER_C * (top - coldC);
}

/**
 * Cold water replacing `volumeL` of the bottom layer (what a discharging safety valve loses and the network
 * puts back). Returns the heat lost, J.
 */
export function replaceBottom(layers: Layers, volumeL: number, coldC: number): number {
  if (volumeL <= 0) return 0;
  const f = Math.min(1, volumeL / layers.mass);
  const t0 = layers.t[0] as number;
  layers.t[0] = t0 + f * (coldC - t0);
  return f * layers.heatCapacity * (t0 - coldC);
}

/**
 * Heat that brings every layer from `index` up to `limitC`, J: all a heater at `index` can warm (the water it
 * heats rises and mixes with the layers above, never with those below).
 */
export function roomAbove(layers: Layers, index: number, limitC: number): number {
  let room = 0;
  for (let i = index; i < layers.t.length; i++) room += Math.max(0, limitC - (layers.t[i] as number));
  return room * layers.heatCapacity;
}

/**
 * Adds up to `joules` to layer `index`, but never more than what takes the water it reaches to `limitC` (a
 * thermostat cuts out exactly at its temperature): once the inversions are removed, no layer it warmed is
 * above the limit. Returns the joules added.
 */
export function addHeat(layers: Layers, index: number, joules: number, limitC: number): number {
  if (joules <= 0) return 0;
  const q = Math.min(joules, roomAbove(layers, index, limitC));
  if (q <= 0) return 0;
  layers.t[index] = (layers.t[index] as number) + q / layers.heatCapacity;
  return q;
}

/**
 * Heat loss of each layer to the room over one substep, solved exactly: T → T_amb + (T − T_amb)·decay[i]
 * with decay[i] = exp(−UA_i·h / (m·c)). Returns the joules lost (negative when the room warms the water).
 */
export function loseHeat(layers: Layers, decay: Float64Array, ambientC: number): number {
  const t = layers.t;
  let lost = 0;
  for (let i = 0; i < t.length; i++) {
    const ti = t[i] as number;
    const next = ambientC + (ti - ambientC) * (decay[i] as number);
    lost += ti - next;
    t[i] = next;
  }
  return lost * layers.heatCapacity;
}

/**
 * Inversion removal: a layer warmer than the one above rises and mixes with it, until the column is stable
 * (temperatures never decrease upwards). Pools adjacent blocks as in isotonic regression, so the mixing is
 * complete, O(N) and conserves the heat exactly. Returns the number of merges (0: nothing mixed).
 */
export function removeInversions(layers: Layers): number {
  const { t, blockSum, blockCount } = layers;
  let top = -1;
  let merges = 0;
  for (let i = 0; i < t.length; i++) {
    top++;
    blockSum[top] = t[i] as number;
    blockCount[top] = 1;
    while (
      top > 0 &&
      (blockSum[top - 1] as number) * (blockCount[top] as number) >
        (blockSum[top] as number) * (blockCount[top - 1] as number)
    ) {
      blockSum[top - 1] = (blockSum[top - 1] as number) + (blockSum[top] as number);
      blockCount[top - 1] = (blockCount[top - 1] as number) + (blockCount[top] as number);
      top--;
      merges++;
    }
  }
  if (merges === 0) return 0;
  let i = 0;
  for (let b = 0; b <= top; b++) {
    const n = blockCount[b] as number;
    const mean = (blockSum[b] as number) / n;
    for (let k = 0; k < n; k++) t[i++] = mean;
  }
  return merges;
}

/** Where a sensor at relative height `h` reads: between the centres of two layers. */
export interface SensorTap {
  below: number;
  /** Weight of the layer above `below` (0…1). */
  weight: number;
}

export function sensorTap(count: number, h: number): SensorTap {
  const x = Math.min(count - 1, Math.max(0, h * count - 0.5));
  const below = Math.min(count - 2, Math.floor(x));
  return { below, weight: x - below };
}

/** Temperature at a sensor: linear between the two nearest layer centres. */
export function readSensor(layers: Layers, tap: SensorTap): number {
  const lo = layers.t[tap.below] as number;
  const hi = layers.t[tap.below + 1] as number;
  return lo + (hi - lo) * tap.weight;
}

/**
 * Heat-loss coefficient of each layer, W/K: the shell's UA shared by surface (a vertical cylinder of
 * height/diameter `aspect`: the side evenly, each end cap to its end layer).
 */
export function layerUa(count: number, shellUa: number, aspect: number): Float64Array {
  const side = (Math.PI * aspect) / count;
  const cap = Math.PI / 4;
  const total = Math.PI * aspect + 2 * cap;
  const ua = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const area = side + (i === 0 ? cap : 0) + (i === count - 1 ? cap : 0);
    ua[i] = (shellUa * area) / total;
  }
  return ua;
}
