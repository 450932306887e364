// Decimal scaling: sensor values such as 21.37 are not exact binary fractions, so XOR-ing their bit patterns
// compresses poorly (about 6 bytes a sample). When every value of a chunk is exactly v = k / 10^d for an
// integer k (d ≤ 6), the chunk stores k instead — whole numbers XOR well (about 1.3 bytes) — and the decoder
// divides by 10^d, which gives back exactly the original doubles (checked when choosing d).

/** The most decimals scaled away. */
export const MAX_DECIMALS = 6;
const LIMIT = 2 ** 53;

/**
 * The smallest d in 1…6 such that every value survives `Math.round(v·10^d) / 10^d === v` with |v·10^d| < 2^53;
 * 0 when the values are whole already, or when no d fits (NaN, ±Infinity, too many digits).
 */
export function decimalsOf(values: Float64Array, n: number): number {
  let allWhole = true;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) return 0;
    if (allWhole && !Number.isInteger(v)) allWhole = false;
  }
  if (allWhole) return 0;
  for (let d = 1; d <= MAX_DECIMALS; d++) {
    const f = 10 ** d;
    let fits = true;
    for (let i = 0; i < n && fits; i++) {
      const v = values[i] as number;
      const k = Math.round(v * f);
      fits = Math.abs(k) < LIMIT && k / f === v && !Object.is(v, -0);
    }
    if (fits) return d;
  }
  return 0;
}

/** The values multiplied by 10^d and rounded: the whole numbers the chunk stores. */
export function scaleUp(values: Float64Array, n: number, d: number): Float64Array {
  const f = 10 ** d;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.round((values[i] as number) * f);
  return out;
}

/** Divides decoded whole numbers by 10^d in place, giving back the original values. */
export function scaleDown(values: Float64Array, d: number): void {
  const f = 10 ** d;
  for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) / f;
}
