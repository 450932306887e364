// A site of about 100,000 points (bench/cluster-scale-site.ts) run by real `pointyard start` processes (the
// built dist/), with free ports and fresh data folders, on a PostgreSQL cluster made for the run (fsync on):
// one process alone on SQLite, alone on PostgreSQL, alone as `--node` on PostgreSQL, then three `--node`
// processes started together. For each: the start-up (from the spawn to the banner, or for nodes to every
// device's lease held and, for three, shared evenly), then after a warm-up, over a steady window: each
// process's CPU (% of one core, from /proc/<pid>/stat), its RSS (sampled: highest and lowest), the PostgreSQL
// server's CPU (all its processes); for nodes, the changes committed to the feed and the leases claimed over
// the window (a node that keeps its devices claims none), and for three the change feed's lag as each node's
// `cluster` op reports it, sampled. Last, whether each process stopped cleanly on SIGTERM.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HNum } from 'haystack-core';
import pg from 'pg';
import { haystackLogin } from '../src/protocols/haystack/client/scram-login.js';
import { callOp } from '../test/support/haystack-call.js';
import { PostgresCluster, postgresMissing } from '../test/support/postgres.js';
import { ADMIN_PASSWORD, type RunningPointyard, startPointyard } from '../test/support/running-pointyard.js';
import { cpuSeconds, postgresCpuSeconds, rssMiB } from './cluster-scale-probe.js';
import { type ScaleSite, writeScaleSite } from './cluster-scale-site.js';
import { type Figure, round3 } from './harness.js';

const group = 'cluster scale';
const POINTS = 100_000;
/** After start-up, before the window: the first history flushes, the first alarms, the JIT. */
const WARM_UP_MS = 15_000;
const WINDOW_MS = 30_000;
/** Every this often in the window: each process's RSS and, on nodes, the feed lag. */
const SAMPLE_MS = 2_000;
const START_CAP_MS = 180_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const progress = (text: string) => process.stderr.write(`  cluster scale: ${text}\n`);

/** Polls `ready` every 100 ms until it holds (capped); the performance.now() at which it did. */
async function until(ready: () => Promise<boolean>, what: string): Promise<number> {
  const end = performance.now() + START_CAP_MS;
  while (!(await ready())) {
    if (performance.now() > end) throw new Error(`cluster scale bench: no ${what} within ${START_CAP_MS} ms`);
    await pause(100);
  }
  return performance.now();
}

/** Devices held by each node now (by the database's clock), and how many leases there are. */
async function leaseCounts(url: string): Promise<{ total: number; held: Map<string, number> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ node: string | null; n: string }>(
      'SELECT CASE WHEN expires_at > clock_timestamp() THEN node END AS node, count(*) AS n FROM device_leases GROUP BY 1',
    );
    const held = new Map<string, number>();
    let total = 0;
    for (const r of rows) {
      total += Number(r.n);
      if (r.node !== null) held.set(r.node, Number(r.n));
    }
    return { total, held };
  } catch {
    return { total: 0, held: new Map() }; // the schema is not made yet
  } finally {
    await client.end();
  }
}

/** Every device owned, by exactly `nodes`, each ⌊n/k⌋ or ⌈n/k⌉ of them. */
async function sharedEvenly(url: string, nodes: string[], devices: number): Promise<boolean> {
  const { total, held } = await leaseCounts(url);
  if (total !== devices) return false;
  const low = Math.floor(devices / nodes.length);
  return nodes.every((n) => {
    const k = held.get(n) ?? 0;
    return k === low || k === Math.ceil(devices / nodes.length);
  });
}

interface Window {
  /** Per process: CPU % of one core; RSS sampled over the window, highest and lowest, MiB. */
  processes: Array<{ cpu: number; rssMax: number; rssMin: number }>;
  /** The PostgreSQL server's CPU, % of one core, or null without one. */
  postgres: number | null;
  /** Feed lag samples from the nodes' `cluster` op, ms. */
  lags: number[];
  /** Changes committed to the feed per second, and leases claimed (tokens granted) over the window; nodes only. */
  feed: { changesPerSecond: number; claims: number } | null;
}

/** The feed's newest seq and the sum of the lease tokens (each claim adds one), or null before the schema. */
async function feedCounters(url: string): Promise<{ seq: number; tokens: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ seq: string | null; tokens: string | null }>(
      'SELECT (SELECT max(seq) FROM point_changes) AS seq, (SELECT sum(token) FROM device_leases) AS tokens',
    );
    return { seq: Number(rows[0]?.seq ?? 0), tokens: Number(rows[0]?.tokens ?? 0) };
  } finally {
    await client.end();
  }
}

/** The feed lag a node's `cluster` op reports (0 when caught up), or null when it reports none. */
async function feedLag(node: RunningPointyard, fetch: typeof globalThis.fetch): Promise<number | null> {
  const answer = await callOp(node.url, fetch, 'cluster');
  const lag = answer.error === null ? answer.grid.meta.get('feedLag') : undefined;
  return lag instanceof HNum ? lag.value : null;
}

/** Waits out the warm-up, then measures the steady window (`url`: the nodes' database, when nodes). */
async function steady(
  runs: RunningPointyard[],
  pgData: string | null,
  url: string | null,
  lagged: boolean,
): Promise<Window> {
  progress(`warm-up ${WARM_UP_MS / 1000} s, then a window of ${WINDOW_MS / 1000} s`);
  await pause(WARM_UP_MS);
  const fetches = lagged
    ? await Promise.all(runs.map(async (r) => (await haystackLogin(r.url, 'admin', ADMIN_PASSWORD)).fetch))
    : [];
  const rss = runs.map((r) => [rssMiB(r.pid)]);
  const cpu0 = runs.map((r) => cpuSeconds(r.pid));
  const pg0 = pgData === null ? 0 : postgresCpuSeconds(pgData);
  const feed0 = url === null ? null : await feedCounters(url);
  const t0 = performance.now();
  const lags: number[] = [];
  while (performance.now() - t0 < WINDOW_MS) {
    await pause(Math.min(SAMPLE_MS, WINDOW_MS - (performance.now() - t0)));
    for (const [i, run] of runs.entries()) {
      rss[i]?.push(rssMiB(run.pid));
      const fetch = fetches[i];
      if (fetch === undefined) continue;
      const lag = await feedLag(run, fetch);
      if (lag !== null) lags.push(lag);
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const percent = (used: number) => (100 * used) / seconds;
  const cpu = runs.map((r, i) => percent(cpuSeconds(r.pid) - (cpu0[i] as number)));
  const postgres = pgData === null ? null : percent(postgresCpuSeconds(pgData) - pg0);
  const feed1 = url === null ? null : await feedCounters(url);
  return {
    processes: runs.map((_, i) => ({
      cpu: cpu[i] as number,
      rssMax: Math.max(...(rss[i] as number[])),
      rssMin: Math.min(...(rss[i] as number[])),
    })),
    postgres,
    lags,
    feed:
      feed0 === null || feed1 === null
        ? null
        : { changesPerSecond: (feed1.seq - feed0.seq) / seconds, claims: feed1.tokens - feed0.tokens },
  };
}

/** Stops every process with SIGTERM; how many exited 0 (a stop past its bound exits 1), and every exit code. */
async function stopAll(runs: RunningPointyard[]): Promise<{ clean: number; codes: string }> {
  const codes = await Promise.all(runs.map((r) => r.stop('SIGTERM')));
  return { clean: codes.filter((c) => c === 0).length, codes: codes.join(', ') };
}

interface Scenario {
  label: string;
  /** Node names (none: one process alone). */
  nodes: string[];
  /** `--store` (none: SQLite in the data folder). */
  postgres: boolean;
}

const SCENARIOS: Scenario[] = [
  { label: 'alone, SQLite', nodes: [], postgres: false },
  { label: 'alone, PostgreSQL', nodes: [], postgres: true },
  { label: 'one node, PostgreSQL', nodes: ['a'], postgres: true },
  { label: 'three nodes, PostgreSQL', nodes: ['a', 'b', 'c'], postgres: true },
];

const sorted = (values: number[]) => [...values].sort((x, y) => x - y);
const at = (values: number[], q: number) =>
  values[Math.min(values.length - 1, Math.floor(q * values.length))];

async function runScenario(
  s: Scenario,
  site: ScaleSite,
  root: string,
  cluster: PostgresCluster,
): Promise<Figure[]> {
  progress(`${s.label}: starting`);
  const url = s.postgres ? await cluster.createDatabase('bench_scale') : null;
  const names = s.nodes.length === 0 ? [null] : s.nodes;
  const t0 = performance.now();
  const started = await Promise.allSettled(
    names.map((name) =>
      startPointyard(join(root, `${s.label.replace(/\W+/g, '-')}-${name ?? 'alone'}`), {
        site: site.path,
        args: [...(url === null ? [] : ['--store', url]), ...(name === null ? [] : ['--node', name])],
      }),
    ),
  );
  const runs = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = started.find((r) => r.status === 'rejected');
  try {
    if (failed) throw (failed as PromiseRejectedResult).reason;
    let ready = performance.now();
    if (url !== null && s.nodes.length > 0)
      ready = await until(() => sharedEvenly(url, s.nodes, site.devices), 'devices owned');
    const startUp = (ready - t0) / 1000;
    progress(`${s.label}: ready in ${startUp.toFixed(1)} s`);
    const clustered = url !== null && s.nodes.length > 0 ? url : null;
    const w = await steady(
      runs,
      url === null ? null : join(cluster.dir, 'data'),
      clustered,
      s.nodes.length > 1,
    );
    const setup = `${site.points.toLocaleString('en')} points, ${site.devices.toLocaleString('en')} devices`;
    const figures: Figure[] = [
      {
        group,
        name: `${s.label}: start-up`,
        value: round3(startUp),
        unit: 's',
        note:
          s.nodes.length === 0
            ? `${setup}; from the spawn to the banner (site running)`
            : `${setup}; from the spawn${s.nodes.length > 1 ? ' of all three' : ''} to every device owned${s.nodes.length > 1 ? ', shared evenly' : ''}`,
      },
    ];
    for (const [i, p] of w.processes.entries()) {
      const who = s.nodes.length > 1 ? `${s.label}, node ${s.nodes[i]}` : s.label;
      figures.push(
        {
          group,
          name: `${who}: CPU`,
          value: round3(p.cpu),
          unit: '% of one core',
          note: `over ${WINDOW_MS / 1000} s after a warm-up of ${WARM_UP_MS / 1000} s`,
        },
        {
          group,
          name: `${who}: memory, peak`,
          value: round3(p.rssMax),
          unit: 'MiB RSS',
          note: `highest of the samples every ${SAMPLE_MS / 1000} s in the window (lowest ${round3(p.rssMin)}: the heap between collections)`,
        },
      );
    }
    if (w.postgres !== null)
      figures.push({
        group,
        name: `${s.label}: PostgreSQL server CPU`,
        value: round3(w.postgres),
        unit: '% of one core',
        note: 'all its processes, over the same window',
      });
    if (w.feed !== null)
      figures.push(
        {
          group,
          name: `${s.label}: changes committed to the feed`,
          value: round3(w.feed.changesPerSecond),
          unit: 'changes/s',
          note: "the feed's newest seq over the window",
        },
        {
          group,
          name: `${s.label}: leases claimed in the window`,
          value: w.feed.claims,
          unit: 'claims',
          note: 'lease tokens granted over the window (0 when every node keeps its devices)',
        },
      );
    if (w.lags.length > 0) {
      const lags = sorted(w.lags);
      const note = `the \`cluster\` op's feedLag, every ${SAMPLE_MS / 1000} s on each node: ${lags.length} samples`;
      figures.push(
        {
          group,
          name: `${s.label}: feed lag, p50`,
          value: round3(at(lags, 0.5) as number),
          unit: 'ms',
          note,
        },
        { group, name: `${s.label}: feed lag, max`, value: round3(lags.at(-1) as number), unit: 'ms', note },
      );
    }
    progress(`${s.label}: stopping`);
    const stopped = await stopAll(runs.splice(0));
    figures.push({
      group,
      name: `${s.label}: stopped cleanly`,
      value: stopped.clean,
      unit: `of ${names.length}`,
      note: `exit code 0 on SIGTERM within the stop's bound (exit codes ${stopped.codes})`,
    });
    for (const f of figures) progress(`  ${f.name}: ${f.value} ${f.unit}`);
    return figures;
  } finally {
    await stopAll(runs);
  }
}

export async function clusterScaleBench(): Promise<Figure[]> {
  const missing = postgresMissing();
  if (missing !== null) throw new Error(`cluster scale bench: ${missing}`);
  const root = mkdtempSync(join(tmpdir(), 'pointyard-bench-scale-'));
  const cluster = await PostgresCluster.start({ fsync: true });
  try {
    const site = writeScaleSite(root, POINTS);
    progress(`site of ${site.points} points, ${site.devices} devices`);
    const figures: Figure[] = [];
    for (const s of SCENARIOS) figures.push(...(await runScenario(s, site, root, cluster)));
    return figures;
  } finally {
    await cluster.dispose();
    rmSync(root, { recursive: true, force: true });
  }
}
