// Haystack API figures on a generated site of at least 100,000 points: `read` by filter through HTTP beside
// the filter engine alone (and beside evaluating every record, as it was before the tag index), `hisRead` of
// a year of 1-minute samples (Zinc, SQLite store), `watchPoll` with 1,000 watched points changing, and
// requests/s of `about` and a small `read` with 50 concurrent clients (autocannon in its own process).

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newUser } from '../src/auth/credentials.js';
import { VirtualClock } from '../src/core/clock.js';
import { Authenticator } from '../src/protocols/haystack/auth/authenticator.js';
import { haystackLogin } from '../src/protocols/haystack/client/scram-login.js';
import { compileFilter, readByFilter } from '../src/protocols/haystack/filter.js';
import { SiteRecords } from '../src/protocols/haystack/records.js';
import { startHaystackServer } from '../src/protocols/haystack/server.js';
import { PROTOCOLS } from '../src/protocols/registry.js';
import { Runtime } from '../src/runtime/runtime.js';
import type { Site } from '../src/site/model.js';
import { MemoryStore } from '../src/store/memory/memory-store.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { Store } from '../src/store/store.js';
import { type Figure, measure, measureAsync, round3 } from './harness.js';
import { benchSite } from './sites.js';

const group = 'Haystack API';
const POINTS = 100_000;
const PASSWORD = 'bench password 1234';
const T0 = Date.UTC(2026, 0, 5);

/** The smallest generated site with at least `points` points. */
function siteOf(points: number): Site {
  let n = Math.ceil(points / 25);
  let site = benchSite(n);
  const count = (s: Site) => s.devices.reduce((sum, d) => sum + d.profile.points.length, 0);
  while (count(site) < points) site = benchSite(++n);
  return site;
}

async function serve(site: Site, store: Store) {
  const runtime = await Runtime.open({ site, store, clock: new VirtualClock(T0), seed: 1 });
  await store.saveUser(newUser('bench', 'admin', PASSWORD, Date.now()));
  const server = await startHaystackServer({
    site,
    plugins: PROTOCOLS,
    runtime,
    host: '127.0.0.1',
    port: 0,
    authenticator: new Authenticator({ store }),
  });
  const { token, fetch } = await haystackLogin(server.url, 'bench', PASSWORD);
  const post = async (op: string, zinc: string) => {
    const response = await fetch(`${server.url}${op}`, {
      method: 'POST',
      headers: { 'content-type': 'text/zinc', accept: 'text/zinc' },
      body: zinc,
    });
    const text = await response.text();
    if (response.status !== 200 || text.startsWith('ver:"3.0" err')) throw new Error(`${op}: ${text}`);
    return text;
  };
  return {
    runtime,
    server,
    token,
    post,
    close: async () => {
      await server.close();
      await runtime.stop();
    },
  };
}

type Served = Awaited<ReturnType<typeof serve>>;

const str = (text: string) => JSON.stringify(text);

async function readFigures(site: Site, api: Served): Promise<Figure[]> {
  const records = new SiteRecords(site, api.runtime.services, PROTOCOLS);
  const dhw = site.devices.find((d) => d.profile.id === 'dhw-tank')?.id as string;
  const firstPoint = site.devices[0]?.profile.points[0]?.id as string;
  const filters: Array<[string, string, number | null]> = [
    ['one point by id', `id==@bench.${site.devices[0]?.id}.${firstPoint}`, null],
    ["one device's points", `equipRef==@bench.${dhw}`, null],
    ['a quantity over the site, first 100', 'temp and sensor', 100],
    ['a quantity over the site, all', 'temp and sensor', null],
    ['a live tag (the index cannot narrow it)', 'curVal > 1000000', null],
  ];
  const figures: Figure[] = [];
  for (const [what, filter, limit] of filters) {
    const max = limit ?? Number.POSITIVE_INFINITY;
    const rows = readByFilter(records, filter, max).length;
    const engine = measure(() => readByFilter(records, filter, max), 1000);
    const body = `ver:"3.0"\nfilter${limit ? ',limit' : ''}\n${str(filter)}${limit ? `,${limit}` : ''}\n`;
    const http = await measureAsync(() => api.post('read', body), 2000);
    const note = `\`${filter}\`${limit ? ` limit ${limit}` : ''}: ${rows} rows`;
    figures.push(
      { group, name: `read, ${what}: HTTP p50`, value: round3(http.p50Ms), unit: 'ms', note },
      { group, name: `read, ${what}: HTTP p99`, value: round3(http.p99Ms), unit: 'ms', note },
      { group, name: `read, ${what}: filter engine p50`, value: round3(engine.p50Ms), unit: 'ms', note },
    );
  }
  // The same selective filter evaluated on every record, as before the index: what the index saves.
  const selective = compileFilter(`equipRef==@bench.${dhw}`);
  const scan = measure(() => {
    for (const record of records.all) selective(records.dict(record), () => undefined);
  }, 2000);
  figures.push({
    group,
    name: "read, one device's points: evaluating every record (no index) p50",
    value: round3(scan.p50Ms),
    unit: 'ms',
    note: `${records.all.length} records, for comparison with the filter engine above`,
  });
  return figures;
}

async function watchFigures(api: Served): Promise<Figure[]> {
  const points = api.runtime.points;
  const numeric = points.entries.filter((e) => e.point.type === 'number').slice(0, 1000);
  const rows = numeric.map((e) => `@bench.${e.key}`).join('\n');
  const sub = await api.post('watchSub', `ver:"3.0" watchDis:"bench" lease:60s\nid\n${rows}\n`);
  const watchId = /watchId:"([^"]+)"/.exec(sub)?.[1] as string;
  const poll = `ver:"3.0" watchId:${str(watchId)}\nempty\n`;
  let tick = 0;
  const timing = await measureAsync(async () => {
    tick++;
    for (const e of numeric) points.update(points.indexOf(e.key) as number, tick * 1000, T0 + tick);
    const answer = await api.post('watchPoll', poll);
    if (answer.split('\n').length < 1000) throw new Error('watchPoll: fewer rows than changed points');
  }, 3000);
  return [
    { group, name: 'watchPoll, 1,000 points changed: p50', value: round3(timing.p50Ms), unit: 'ms' },
    {
      group,
      name: 'watchPoll, 1,000 points changed: p99',
      value: round3(timing.p99Ms),
      unit: 'ms',
      note: 'each poll after 1,000 watched points changed in the point store; 1,000 rows per answer',
    },
  ];
}

/** autocannon in a child process (so it does not share the server's event loop), 50 connections. */
function autocannon(
  url: string,
  token: string,
  body?: string,
): Promise<{ rps: number; p50: number; p99: number }> {
  const bin = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
  const args = [bin, '-c', '50', '-d', '5', '-j', '-H', `Authorization=BEARER authToken=${token}`];
  if (body) args.push('-m', 'POST', '-H', 'content-type=text/zinc', '-b', body);
  args.push(url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('exit', () => {
      try {
        const result = JSON.parse(out);
        if (result.non2xx > 0 || result.errors > 0)
          throw new Error(`autocannon: ${result.non2xx} non-2xx, ${result.errors} errors`);
        resolve({ rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 });
      } catch (err) {
        reject(err);
      }
    });
  });
}

async function loadFigures(site: Site, api: Served): Promise<Figure[]> {
  const dhw = site.devices.find((d) => d.profile.id === 'dhw-tank')?.id as string;
  const figures: Figure[] = [];
  const runs: Array<[string, string, string | undefined]> = [
    ['about', `${api.server.url}about`, undefined],
    [
      "small read (one device's points)",
      `${api.server.url}read`,
      `ver:"3.0"\nfilter\n"equipRef==@bench.${dhw}"\n`,
    ],
  ];
  for (const [what, url, body] of runs) {
    const r = await autocannon(url, api.token, body);
    const note = '50 connections for 5 s (autocannon, its own process, same machine)';
    figures.push(
      { group, name: `${what}: requests/s`, value: round3(r.rps), unit: 'req/s', note },
      { group, name: `${what}: p99 under load`, value: round3(r.p99), unit: 'ms', note },
    );
  }
  return figures;
}

async function hisReadFigures(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pointyard-bench-his-'));
  const site = benchSite(5);
  const store = new SqliteStore(dir);
  const api = await serve(site, store);
  try {
    const entry = api.runtime.points.entries.find((e) => e.point.type === 'number');
    if (!entry) throw new Error('no numeric history point');
    const start = Date.UTC(2024, 11, 31, 23); // 2025-01-01 00:00 in Paris
    const minutes = 365 * 24 * 60;
    for (let i = 0; i < minutes; i++)
      store.history.append(entry.key, start + i * 60_000, 20 + Math.sin(i / 600) * 5);
    await store.history.flush();
    const body = `ver:"3.0"\nid,range\n@bench.${entry.key},"2025-01-01,2025-12-31"\n`;
    let bytes = 0;
    const timing = await measureAsync(
      async () => {
        bytes = (await api.post('hisRead', body)).length;
      },
      4000,
      3,
    );
    const note = `${minutes} samples (one year at 1 min) of one point, Zinc, ${round3(bytes / 2 ** 20)} MiB`;
    return [
      { group, name: 'hisRead, a year of 1-min samples: p50', value: round3(timing.p50Ms), unit: 'ms', note },
      {
        group,
        name: 'hisRead, a year of 1-min samples: rate',
        value: round3(minutes / (timing.p50Ms / 1000)),
        unit: 'samples/s',
        note: 'SQLite history store, decompressed and encoded as Zinc',
      },
    ];
  } finally {
    await api.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function haystackBench(): Promise<Figure[]> {
  const site = siteOf(POINTS);
  const api = await serve(site, new MemoryStore());
  const figures: Figure[] = [];
  try {
    const count = api.runtime.points.size;
    process.stderr.write(`  generated site: ${site.devices.length} devices, ${count} points\n`);
    figures.push(...(await readFigures(site, api)));
    figures.push(...(await watchFigures(api)));
    figures.push(...(await loadFigures(site, api)));
  } finally {
    await api.close();
  }
  figures.push(...(await hisReadFigures()));
  return figures;
}
