// Rounding of published values to a number of decimal places: Math.round on a scaled value, cheaper than
// toFixed (which matters at 10 steps a second per device) and exact for the scales used (10, 100, 1000…).

/** `x` rounded to `decimals` places (halves towards +∞, as Math.round). */
export function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}
