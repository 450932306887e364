// Volume of a tank as a function of its level, and the inverse. A vertical cylinder holds V·h/H; a horizontal
// cylinder (height H = its diameter) holds its length times the circular segment below the level, which is
// not linear in the level: half full at half height, but only about 5 % full at 10 % of its height.

export const TANK_SHAPES = ['vertical-cylinder', 'horizontal-cylinder'] as const;
export type TankShape = (typeof TANK_SHAPES)[number];

const clamp01 = (x: number) => (x <= 0 ? 0 : x >= 1 ? 1 : x);

/**
 * Share of the full volume held at relative level x = h/H (0…1). Horizontal cylinder: the segment's central
 * angle θ = 2·acos(1 − 2x) and its area share (θ − sin θ) / 2π.
 */
export function filledFraction(shape: TankShape, x: number): number {
  const u = clamp01(x);
  if (shape === 'vertical-cylinder') return u;
  const theta = 2 * Math.acos(1 - 2 * u);
  return (theta - Math.sin(theta)) / (2 * Math.PI);
}

/** d(filledFraction)/dx for a horizontal cylinder: 8·√(x(1 − x)) / π (0 at the bottom and the top). */
function horizontalSlope(x: number): number {
  return (8 * Math.sqrt(x * (1 - x))) / Math.PI;
}

/**
 * Relative level x (0…1) at which the tank holds the share `f` of its volume: the inverse of filledFraction.
 * Horizontal cylinder: Newton's method from `guess` (the last level, so one or two iterations suffice),
 * kept inside a shrinking bracket and falling back to bisection where the slope vanishes.
 */
export function levelForFraction(shape: TankShape, f: number, guess = 0.5): number {
  const target = clamp01(f);
  if (shape === 'vertical-cylinder' || target === 0 || target === 1) return target;
  let lo = 0;
  let hi = 1;
  let x = guess > 0 && guess < 1 ? guess : 0.5;
  for (let i = 0; i < 60; i++) {
    const g = filledFraction(shape, x) - target;
    if (Math.abs(g) < 1e-13) break;
    if (g > 0) hi = x;
    else lo = x;
    const slope = horizontalSlope(x);
    let next = slope > 0 ? x - g / slope : Number.NaN;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (next === x) break;
    x = next;
  }
  return x;
}
