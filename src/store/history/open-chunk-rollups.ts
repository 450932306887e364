// The roll-ups of the hours an open chunk spans, computed from the chunk in memory when no other sample can
// be in those hours (no earlier chunk ends in them, no late sample waits): the flush of live samples then
// writes them without reading any chunk back. Otherwise the flush recomputes them from the stored chunks.

import type { OpenChunk, SeriesBuffers } from './buffers.js';
import { bucketStart, HOUR_MS, type RollupRow, rollupRows } from './rollup-buckets.js';

/** The rows of the hours [from, to) the open chunk spans, or null when they must be read from the chunks. */
export function openChunkRollups(
  series: SeriesBuffers,
  chunk: OpenChunk,
): { from: number; to: number; rows: RollupRow[] } | null {
  if (chunk.n === 0 || series.late.size > 0) return null;
  const from = bucketStart(chunk.times[0] as number, HOUR_MS);
  if (!(series.prevEnd < from)) return null;
  const samples = [];
  for (let i = 0; i < chunk.n; i++)
    samples.push({ t: chunk.times[i] as number, v: chunk.values[i] as number });
  const to = bucketStart(chunk.times[chunk.n - 1] as number, HOUR_MS) + HOUR_MS;
  return { from, to, rows: rollupRows(samples) };
}
