// Charger Temperature: a first-order lag towards ambient + k·P (the electronics' losses heat the enclosure),
// with the ambient following a daily cosine around its mean, hottest at `peakHour` local time.

/** Ambient temperature at local hour `hour`, °C. */
export function ambientAt(meanC: number, swingK: number, peakHour: number, hour: number): number {
  return meanC + swingK * Math.cos((2 * Math.PI * (hour - peakHour)) / 24);
}

/** Temperature after `dt` seconds of lag with time constant `tauS` towards `targetC` (exact for a constant target). */
export function lagTowards(temperatureC: number, targetC: number, dt: number, tauS: number): number {
  return targetC + (temperatureC - targetC) * Math.exp(-dt / tauS);
}
