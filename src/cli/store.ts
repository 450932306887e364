// `pointyard store migrate --from <data folder | postgres URL> --to <postgres URL | data folder>`: copies a
// whole store into an empty other one, with a progress bar per table on a terminal (a plain line at most once
// a second otherwise), then prints the count check and exits 1 if any count differs.

import { Command } from 'commander';
import { type MigrateProgress, migrateStore } from '../store/migrate/copy-store.js';
import { formatCountLines } from '../store/migrate/count-check.js';
import { describeEndpoint, parseEndpoint } from '../store/migrate/endpoint.js';
import { fail } from './data-store.js';
import { progressBar } from './progress.js';

/** Progress on stderr: a bar per table on a terminal, otherwise a plain line at most once a second. */
function migrateProgress(): MigrateProgress {
  if (process.stderr.isTTY === true) {
    let bar: ReturnType<typeof progressBar> | null = null;
    return {
      start(spec) {
        bar = progressBar(`${spec.label}`.padEnd(22));
      },
      copied(_spec, done, total) {
        bar?.update(total === 0 ? 1 : done / total, `${done}/${total} rows`);
      },
      finish(spec) {
        if (bar === null) return;
        bar.update(1, `done (${spec.concern})`);
        bar.done();
      },
    };
  }
  let last = 0;
  const line = (text: string) => {
    const now = Date.now();
    if (now - last < 1000) return;
    last = now;
    process.stderr.write(`${text}\n`);
  };
  return {
    start: (spec, total) => line(`copying ${spec.label}: ${total} rows`),
    copied: (spec, done, total) => line(`copying ${spec.label}: ${done}/${total} rows`),
    finish: () => {},
  };
}

async function migrate(flags: { from: string; to: string }): Promise<void> {
  try {
    const from = parseEndpoint(flags.from);
    const to = parseEndpoint(flags.to);
    process.stderr.write(`Copying ${describeEndpoint(from)} into ${describeEndpoint(to)}\n`);
    const lines = await migrateStore(from, to, migrateProgress());
    process.stdout.write(formatCountLines(lines));
    const differ = lines.filter((l) => l.source !== l.destination);
    if (differ.length > 0)
      return fail(`the counts differ for ${differ.map((l) => `${l.concern} (${l.what})`).join(', ')}`);
    process.stdout.write('Every count matches.\n');
  } catch (err) {
    fail((err as Error).message);
  }
}

export function storeCommand(): Command {
  const store = new Command('store').description('the store: move a site between SQLite and PostgreSQL');
  store
    .command('migrate')
    .description(
      'copy every table of a store (a SQLite data folder or a PostgreSQL database) into an empty other one, then compare the counts',
    )
    .requiredOption('--from <folder|url>', 'the source: a data folder, or postgres://user@host:5432/db')
    .requiredOption('--to <url|folder>', 'the destination, empty: a postgres:// URL or a data folder')
    .action(migrate);
  return store;
}
