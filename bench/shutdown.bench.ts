// Shutdown figures: the time from SIGTERM to the exit of `pointyard start` (the demo, built dist/) while a
// Modbus master and a Haystack client write as fast as they are answered (test/support/write-load.ts),
// p50 and max over TRIALS runs; once with an HTTP request left half sent (it holds the stop for the 1.5 s
// grace) and once without. The documented bound of the whole stop is 10 s.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHUTDOWN_BOUND_MS, SHUTDOWN_GRACE_MS } from '../src/runtime/shutdown.js';
import { startPointyard } from '../test/support/running-pointyard.js';
import { startWriteLoad } from '../test/support/write-load.js';
import { type Figure, round3 } from './harness.js';

const group = 'Shutdown';
const TRIALS = 10;
/** Acknowledged writes each client has before the signal. */
const ACKS_FIRST = 20;

/** One run: start, load, SIGTERM; the milliseconds from the signal to the exit. */
async function stopTime(dir: string, halfSent: boolean): Promise<number> {
  const run = await startPointyard(dir);
  const load = startWriteLoad(run, { halfSent });
  try {
    await load.halfSentInProgress;
    await load.acked(ACKS_FIRST);
  } catch (err) {
    load.close();
    await run.stop();
    throw err;
  }
  const t = performance.now();
  const code = await run.stop('SIGTERM');
  const ms = performance.now() - t;
  await load.done;
  await load.halfSentClosed;
  if (code !== 0) throw new Error(`pointyard start exited with ${code} on SIGTERM`);
  return ms;
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: sorted[Math.floor(sorted.length / 2)] as number, max: sorted.at(-1) as number };
}

export async function shutdownBench(): Promise<Figure[]> {
  const root = mkdtempSync(join(tmpdir(), 'pointyard-bench-shutdown-'));
  const figures: Figure[] = [];
  try {
    for (const halfSent of [false, true]) {
      const samples: number[] = [];
      for (let i = 0; i < TRIALS; i++) samples.push(await stopTime(join(root, `${halfSent}-${i}`), halfSent));
      const { p50, max } = stats(samples);
      const what = halfSent
        ? `with an HTTP request half sent (held for the ${SHUTDOWN_GRACE_MS / 1000} s grace)`
        : 'no request left hanging';
      const note = `SIGTERM → exit under Modbus + HTTP write load, ${what}; ${TRIALS} trials; bound ${SHUTDOWN_BOUND_MS / 1000} s`;
      const name = halfSent ? 'stop, a request half sent' : 'stop';
      figures.push(
        { group, name: `${name}, p50`, value: round3(p50), unit: 'ms', note },
        { group, name: `${name}, max`, value: round3(max), unit: 'ms', note },
      );
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return figures;
}
