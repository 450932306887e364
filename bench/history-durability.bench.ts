// History durability figures: what a kill -9 loses with the one-second journal and without it, and what
// durability costs at ingest — flush every 10 s (no journal), journal every 1 s + flush every 10 s, and
// flush every 1 s instead — measured in the same run.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { type Figure, round3 } from './harness.js';

const group = 'History durability';
const SERIES = 10_000;
const SECONDS = 60;
const T0 = Date.UTC(2026, 0, 5);
/** How long the killed process runs: younger than the 10 s flush, as in the issue. */
const RUN_MS = 4500;

type Mode = { flushEvery: number; journal: boolean };

/** Samples/s of `SERIES` series sampled every second for `SECONDS`, flushed and journaled as `mode` says. */
async function ingest(dir: string, mode: Mode): Promise<number> {
  const store = new SqliteStore(dir);
  const t = performance.now();
  for (let s = 0; s < SECONDS; s++) {
    for (let i = 0; i < SERIES; i++)
      store.history.append(`dev-${i}.temp`, T0 + s * 1000, 20 + ((s + i) % 50) / 10);
    if ((s + 1) % mode.flushEvery === 0) await store.history.flush();
    else if (mode.journal) await store.history.journal();
  }
  await store.history.flush();
  const rate = (SERIES * SECONDS) / ((performance.now() - t) / 1000);
  await store.close();
  return rate;
}

/** Runs a recording site for RUN_MS, kills it with SIGKILL; returns the seconds of history before the kill lost. */
async function lostAtKill(dir: string, journalMs: number): Promise<number> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/history-crash-child.ts', dir, String(journalMs)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  for await (const line of createInterface({ input: child.stdout })) if (line === 'ready') break;
  const started = Date.now();
  await new Promise((resolve) => setTimeout(resolve, RUN_MS));
  const killedAt = Date.now();
  child.kill('SIGKILL');
  await exited;
  const store = new SqliteStore(dir);
  const history = new Database(join(dir, 'history.db'), { readonly: true });
  const keys = (history.prepare('SELECT key FROM series').all() as Array<{ key: string }>).map((r) => r.key);
  history.close();
  let newest = started;
  for (const key of keys)
    for (const s of await store.history.read(key, started - 60_000, killedAt + 60_000))
      newest = Math.max(newest, s.t);
  await store.close();
  return (killedAt - newest) / 1000;
}

export async function historyDurabilityBench(): Promise<Figure[]> {
  const root = mkdtempSync(join(tmpdir(), 'pointyard-bench-durability-'));
  try {
    const lostWith = await lostAtKill(join(root, 'kill-journal'), 1000);
    const lostWithout = await lostAtKill(join(root, 'kill-no-journal'), 0);
    // The three modes in turn, three times: the median of each, so that noise hits them alike.
    const runs: Record<'before' | 'journaled' | 'flushed', number[]> = {
      before: [],
      journaled: [],
      flushed: [],
    };
    for (let r = 0; r < 3; r++) {
      runs.before.push(await ingest(join(root, `flush-10-${r}`), { flushEvery: 10, journal: false }));
      runs.journaled.push(await ingest(join(root, `journal-1-${r}`), { flushEvery: 10, journal: true }));
      runs.flushed.push(await ingest(join(root, `flush-1-${r}`), { flushEvery: 1, journal: false }));
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    const before = median(runs.before);
    const journaled = median(runs.journaled);
    const flushed = median(runs.flushed);
    const note = `${SERIES} series × ${SECONDS} s at 1 sample/s, median of 3`;
    return [
      {
        group,
        name: 'history lost at kill -9, journal every 1 s',
        value: round3(lostWith),
        unit: 's',
        note: `a site of 20 devices killed ${RUN_MS / 1000} s after its start; includes up to one sample period`,
      },
      {
        group,
        name: 'history lost at kill -9, no journal (before)',
        value: round3(lostWithout),
        unit: 's',
        note: `the same, flush every 10 s only: everything since the start`,
      },
      { group, name: 'ingest, flush every 10 s (before)', value: round3(before), unit: 'samples/s', note },
      {
        group,
        name: 'ingest, journal every 1 s + flush every 10 s (chosen)',
        value: round3(journaled),
        unit: 'samples/s',
        note: `${note}; ${round3((100 * journaled) / before)} % of before`,
      },
      {
        group,
        name: 'ingest, flush every 1 s (the alternative)',
        value: round3(flushed),
        unit: 'samples/s',
        note: `${note}; ${round3((100 * flushed) / before)} % of before`,
      },
    ];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
