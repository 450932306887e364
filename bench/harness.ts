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

/** Latency percentiles and rate of timed calls. */
function timingOf(samples: number[], totalMs: number): Timing {
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

/** Runs `fn` repeatedly for about `budgetMs` (after a warm-up of a fifth of that) and times each call. */
export function measure(fn: () => unknown, budgetMs = 1000): Timing {
  const warmEnd = performance.now() + budgetMs / 5;
  while (performance.now() < warmEnd) fn();
  const samples: number[] = [];
  const start = performance.now();
  while (performance.now() < start + budgetMs || samples.length < 5) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  return timingOf(samples, performance.now() - start);
}

/** `measure` for async work: one call at a time for about `budgetMs`, at least `minIterations` calls. */
export async function measureAsync(
  fn: () => Promise<unknown>,
  budgetMs = 1000,
  minIterations = 5,
): Promise<Timing> {
  const warmEnd = performance.now() + budgetMs / 5;
  while (performance.now() < warmEnd) await fn();
  const samples: number[] = [];
  const start = performance.now();
  while (performance.now() < start + budgetMs || samples.length < minIterations) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return timingOf(samples, performance.now() - start);
}

/** Rounds to 3 significant digits for the report. */
export function round3(value: number): number {
  return Number(value.toPrecision(3));
}
