// A backup of the PostgreSQL database: `pg_dump --format=custom` (PostgreSQL's client programs on PATH) into
// one file, restored with `pg_restore`. The password goes to pg_dump in its environment (PGPASSWORD), never
// on its command line, where any user of the machine could read it.

import { execFile } from 'node:child_process';
import { renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { privateFile } from '../sqlite/data-folder.js';
import { StoreError } from '../store-error.js';
import { redactedUrl } from './pg-database.js';

/** The file a backup writes in its folder. */
export const DUMP_FILE = 'pointyard.dump';

export interface PgDumpCommand {
  args: string[];
  /** What to add to the environment (the password, a bounded wait for the connection). */
  env: Record<string, string>;
}

/** pg_dump's arguments and environment to dump the database of `url` into `file`. */
export function pgDumpCommand(url: string, file: string): PgDumpCommand {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StoreError(`cannot back up ${redactedUrl(url)}: not a postgres:// URL pg_dump can be given`);
  }
  const env: Record<string, string> = {};
  if (parsed.password) env.PGPASSWORD = decodeURIComponent(parsed.password);
  parsed.password = '';
  if (process.env.PGCONNECT_TIMEOUT === undefined) env.PGCONNECT_TIMEOUT = '10';
  return {
    args: ['--format=custom', '--no-password', `--file=${file}`, `--dbname=${parsed.toString()}`],
    env,
  };
}

/** Runs pg_dump; resolves once it has exited, rejects with what it said. */
function run(program: string, command: PgDumpCommand): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      program,
      command.args,
      { env: { ...process.env, ...command.env }, maxBuffer: 4 * 1024 * 1024 },
      (err, _stdout, stderr) => {
        if (!err) resolve();
        else reject(Object.assign(err, { stderr: String(stderr) }));
      },
    );
  });
}

/**
 * Dumps the database of `url` into `dir/pointyard.dump` (the folder is made by the caller); returns the files
 * written. The dump is written beside and renamed into place once complete, owner-only.
 */
export async function pgDump(url: string, dir: string, program = 'pg_dump'): Promise<string[]> {
  const file = join(dir, DUMP_FILE);
  // `.tmp`: a name the backup listing leaves out while it is being written.
  const partial = `${file}.tmp`;
  const command = pgDumpCommand(url, partial);
  try {
    privateFile(partial); // pg_dump keeps the mode of a file it writes into
    await run(program, command);
    renameSync(partial, file);
    return [file];
  } catch (err) {
    rmSync(partial, { force: true });
    const failure = err as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === 'ENOENT' && failure.path === program)
      throw new StoreError(
        `cannot back up ${redactedUrl(url)}: ${program} not found (install PostgreSQL's client programs, Debian: apt-get install postgresql-client)`,
        err,
      );
    const said = failure.stderr?.trim() || failure.message;
    throw new StoreError(`the backup of ${redactedUrl(url)} failed: ${program}: ${said}`, err);
  }
}
