// History codec figures: encode and decode throughput and size of Gorilla-style chunks for three kinds of
// point, in chunks of 1,000 and 10,000 samples.

import { decodeChunk, encodeChunk } from '../src/store/history/codec/index.js';
import { type Figure, measure, round3 } from './harness.js';

interface Series {
  name: string;
  note: string;
  make(n: number, random: () => number): { times: Float64Array; values: Float64Array };
}

const T0 = 1_700_000_000_000;

const SERIES: Series[] = [
  {
    name: 'sensor',
    note: 'mean-reverting walk rounded to 0.01, every 1 s',
    make(n, random) {
      const times = new Float64Array(n);
      const values = new Float64Array(n);
      let v = 21;
      for (let i = 0; i < n; i++) {
        times[i] = T0 + i * 1000;
        v += 0.05 * (21 - v) + (random() - 0.5) * 0.1;
        values[i] = Math.round(v * 100) / 100;
      }
      return { times, values };
    },
  },
  {
    name: 'boolean',
    note: '0 or 1, flipping every 10 min on average, every 1 s',
    make(n, random) {
      const times = new Float64Array(n);
      const values = new Float64Array(n);
      let v = 0;
      for (let i = 0; i < n; i++) {
        times[i] = T0 + i * 1000;
        if (random() < 1 / 600) v = 1 - v;
        values[i] = v;
      }
      return { times, values };
    },
  },
  {
    name: 'random doubles',
    note: 'random 64-bit patterns, every 1 s ± 100 ms (worst case)',
    make(n, random) {
      const times = new Float64Array(n);
      const words = new Uint32Array(2 * n);
      for (let i = 0; i < n; i++) times[i] = T0 + i * 1000 + Math.floor(random() * 200);
      for (let i = 0; i < 2 * n; i++) words[i] = Math.floor(random() * 2 ** 32);
      return { times, values: new Float64Array(words.buffer) };
    },
  },
];

/** A deterministic pseudo-random source (mulberry32), so every run measures the same series. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function historyCodecBench(): Figure[] {
  const group = 'History codec';
  const figures: Figure[] = [];
  for (const series of SERIES) {
    for (const n of [1000, 10_000]) {
      const { times, values } = series.make(n, seeded(42));
      const bytes = encodeChunk(times, values);
      const back = decodeChunk(bytes);
      if (back.times.some((t, i) => t !== times[i]) || back.values.some((v, i) => !Object.is(v, values[i])))
        throw new Error(`the ${series.name} chunk did not round-trip`);
      const encode = measure(() => encodeChunk(times, values), 600);
      const decode = measure(() => decodeChunk(bytes), 600);
      const label = `${series.name}, ${n.toLocaleString('en')}-sample chunk`;
      figures.push(
        {
          group,
          name: `${label}: encode`,
          value: round3((n * 1000) / encode.p50Ms),
          unit: 'samples/s',
          note: `p50 ${round3(encode.p50Ms * 1000)} µs a chunk`,
        },
        {
          group,
          name: `${label}: decode`,
          value: round3((n * 1000) / decode.p50Ms),
          unit: 'samples/s',
          note: `p50 ${round3(decode.p50Ms * 1000)} µs a chunk`,
        },
        {
          group,
          name: `${label}: size`,
          value: round3(bytes.length / n),
          unit: 'bytes/sample',
          note: series.note,
        },
      );
    }
  }
  return figures;
}
