// `pointyard simulate`: a data set from a site in virtual time.

import { Command, InvalidArgumentError } from 'commander';
import { simulate } from '../simulate/simulation.js';
import { localMidnight, parseDuration } from '../util/time.js';
import { openSite } from './open-site.js';
import { progressBar } from './progress.js';

interface SimulateFlags {
  site: string;
  duration: number;
  seed: string;
  out: string;
  start?: number;
  devices?: string;
  points?: string;
  gzip?: boolean;
  plot?: boolean;
}

function duration(text: string): number {
  const ms = parseDuration(text);
  if (ms === null) throw new InvalidArgumentError('expected a duration such as 30min, 24h, 7d or 1h30m');
  return ms;
}

function instant(text: string): number {
  const t = Date.parse(text);
  if (!Number.isFinite(t))
    throw new InvalidArgumentError('expected an ISO 8601 date-time, e.g. 2026-01-05T00:00:00Z');
  return t;
}

async function run(flags: SimulateFlags): Promise<void> {
  const site = openSite(flags.site);
  if (!site) return;
  const real = site.devices.filter((d) => d.source.kind !== 'sim').map((d) => d.id);
  if (real.length > 0) {
    process.stderr.write(
      `pointyard: simulate runs simulated devices only; ${real.join(', ')} read${real.length === 1 ? 's' : ''} a real device (run the site with \`pointyard start\`)\n`,
    );
    process.exitCode = 1;
    return;
  }
  const start = flags.start ?? localMidnight(Date.now(), site.site.tz);
  const bar = progressBar('simulating');
  const summary = await simulate({
    site,
    seed: flags.seed,
    start,
    durationMs: flags.duration,
    outDir: flags.out,
    devices: flags.devices,
    points: flags.points,
    gzip: flags.gzip,
    plot: flags.plot,
    onProgress: (fraction, samples) => bar.update(fraction, `${samples.toLocaleString('en')} samples`),
  });
  bar.done();
  process.stderr.write(
    `simulated ${summary.simulatedSeconds / 3600} h of ${summary.site} (${summary.devices} devices, ${summary.points} points) ` +
      `in ${summary.wallSeconds} s: ${summary.samples.toLocaleString('en')} samples, ${summary.events} events → ${flags.out}\n`,
  );
}

export function simulateCommand(): Command {
  return new Command('simulate')
    .description(
      'run a site in virtual time, as fast as possible, and write history.csv, events.csv and summary.json',
    )
    .requiredOption('-s, --site <file|demo>', 'a site file, or the built-in demo')
    .option('-d, --duration <time>', 'how much time to simulate (30min, 24h, 7d…)', duration, 86_400_000)
    .option('--seed <seed>', 'random seed: the same seed gives the same data', '1')
    .requiredOption('-o, --out <dir>', 'output folder')
    .option(
      '--start <iso>',
      'simulated start time (default: last local midnight in the site time zone)',
      instant,
    )
    .option('--devices <glob>', 'write only these devices (wildcards, comma-separated)')
    .option('--points <glob>', 'write only these point ids (wildcards, comma-separated)')
    .option('--gzip', 'gzip the CSV files')
    .option('--plot', 'also draw a day of each device type as SVG trends in <out>/plots/')
    .action(run);
}
