// A small benchmark harness: runs a function for a while after a warm-up and reports rates and latencies.

export interface Figure {
  /** Which benchmark group this figure belongs to (one table section in docs/benchmarks.md). */
  group: string;
  name: string;
  value: number;
  unit: string;
  /** What was measured and how, in a few words. */
  note?: string;
}

export interface Timing {
  iterations: number;
  totalMs: number;
  opsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** Runs `fn` repeatedly for about `budgetMs` (after a warm-up of a fifth of that) and times each call. */
export function measure(fn: () => unknown, budgetMs = 1000): Timing {
  const warmEnd = performance.now() + budgetMs / 5;
  while (performance.now() < warmEnd) fn();
  const samples: number[] = [];
  const start = performance.now();
  const end = start + budgetMs;
  while (performance.now() < end || samples.length < 5) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  const totalMs = performance.now() - start;
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] as number;
  return {
    iterations: samples.length,
    totalMs,
    opsPerSecond: (samples.length * 1000) / totalMs,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
  };
}

/** Rounds to 3 significant digits for the report. */
export function round3(value: number): number {
  return Number(value.toPrecision(3));
}
