// Start-up figures of `pointyard start` (the built dist/), for the demo and for a generated 1,000-device site:
// the time from the spawn to the "Ctrl+C stops it." banner, and to the first answer of an authenticated
// Haystack `about` (SCRAM login, then `about` with the token); p50 and max over TRIALS runs, each with a fresh
// data folder and free ports; and the RSS of the started process once it has answered. Each run is stopped
// with SIGTERM and awaited before the next one starts.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { haystackLogin } from '../src/protocols/haystack/client/scram-login.js';
import { ADMIN_PASSWORD, startPointyard } from '../test/support/running-pointyard.js';
import { type Figure, round3 } from './harness.js';
import { benchSiteFile } from './sites.js';

const group = 'Start-up';
const TRIALS = 5;

interface Run {
  bannerMs: number;
  aboutMs: number;
  rssMiB: number;
}

/** The resident set of a process from /proc (Linux), MiB. */
function rssMiB(pid: number): number {
  const line = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!line) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(line[1]) / 1024;
}

/** One start: spawn, banner, login + `about`, RSS, SIGTERM and its exit. */
async function startOnce(site: string, dataDir: string): Promise<Run> {
  const t0 = performance.now();
  const run = await startPointyard(dataDir, { site });
  const bannerMs = performance.now() - t0;
  let measured: Run;
  try {
    const { fetch } = await haystackLogin(run.url, 'admin', ADMIN_PASSWORD);
    const response = await fetch(`${run.url}about`, { headers: { accept: 'text/zinc' } });
    const body = await response.text();
    if (response.status !== 200 || body.startsWith('ver:"3.0" err'))
      throw new Error(`about answered ${response.status}: ${body.slice(0, 200)}`);
    const aboutMs = performance.now() - t0;
    measured = { bannerMs, aboutMs, rssMiB: rssMiB(run.pid) };
  } catch (err) {
    await run.stop('SIGTERM');
    throw err;
  }
  const code = await run.stop('SIGTERM');
  if (code !== 0) throw new Error(`pointyard start --site ${site} exited with ${code} on SIGTERM`);
  return measured;
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: sorted[Math.floor(sorted.length / 2)] as number, max: sorted.at(-1) as number };
}

export async function startupBench(): Promise<Figure[]> {
  const root = mkdtempSync(join(tmpdir(), 'pointyard-bench-startup-'));
  const figures: Figure[] = [];
  try {
    const sites: Array<[string, string]> = [
      ['demo', 'demo'],
      ['1,000 devices', benchSiteFile(join(root, 'site'), 1000)],
    ];
    for (const [s, [label, site]] of sites.entries()) {
      const runs: Run[] = [];
      for (let i = 0; i < TRIALS; i++) runs.push(await startOnce(site, join(root, `data-${s}-${i}`)));
      const note = `spawn of \`pointyard start\` (built dist/), fresh data folder, free ports; ${TRIALS} runs`;
      const banner = stats(runs.map((r) => r.bannerMs));
      const about = stats(runs.map((r) => r.aboutMs));
      const rss = stats(runs.map((r) => r.rssMiB));
      figures.push(
        { group, name: `${label}: to the banner, p50`, value: round3(banner.p50), unit: 'ms', note },
        { group, name: `${label}: to the banner, max`, value: round3(banner.max), unit: 'ms', note },
        {
          group,
          name: `${label}: to the first authenticated about, p50`,
          value: round3(about.p50),
          unit: 'ms',
          note: 'from the spawn: banner, then SCRAM login as admin and `about` with the token',
        },
        {
          group,
          name: `${label}: to the first authenticated about, max`,
          value: round3(about.max),
          unit: 'ms',
        },
        {
          group,
          name: `${label}: memory once started, p50`,
          value: round3(rss.p50),
          unit: 'MiB RSS',
          note: 'of the server process, just after its first `about` answer',
        },
      );
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return figures;
}
