// Debian's PostgreSQL for a test: a cluster of its own made by `initdb` in a temporary folder and run by
// `pg_ctl` on a free loopback port, as the `postgres` user when the test runs as root (PostgreSQL refuses to
// run as root), stopped, started again and killed by the test. `postgresMissing()` says what to install.
// Each test takes a fresh database of the cluster (`createDatabase`), so that tests never see each other's rows.

import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import pg from 'pg';
import { freePort } from './mosquitto.js';
import { peerSkip } from './peers.js';

const DEBIAN_VERSIONS = '/usr/lib/postgresql';
/** The cluster's superuser and its password (the cluster listens on the loopback only). */
const SUPERUSER = 'postgres';
const PASSWORD = 'pointyard-test';

/** The folder of the newest installed PostgreSQL's programs (`initdb`, `pg_ctl`, `pg_dump`…), or null. */
export function postgresBin(): string | null {
  if (!existsSync(DEBIAN_VERSIONS)) return null;
  const versions = readdirSync(DEBIAN_VERSIONS)
    .filter((v) => existsSync(join(DEBIAN_VERSIONS, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? null : join(DEBIAN_VERSIONS, versions[0], 'bin');
}

/** Why a PostgreSQL cluster cannot be started here, or null when it can. */
export function postgresMissing(): string | null {
  if (postgresBin() === null)
    return `PostgreSQL's initdb not found under ${DEBIAN_VERSIONS}: apt-get install postgresql`;
  if (userInfo().uid === 0 && spawnSync('id', ['-u', SUPERUSER]).status !== 0)
    return `no '${SUPERUSER}' user to run PostgreSQL as (running as root): apt-get install postgresql`;
  return null;
}

export interface PostgresOptions {
  /** `fsync` of the cluster (default on: a test of durability needs it; a test of logic may turn it off). */
  fsync?: boolean;
  /** More `postgresql.conf` settings, `name = value`. */
  settings?: string[];
}

export class PostgresCluster {
  private running = false;
  private serial = 0;

  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly bin: string,
  ) {}

  /** Runs a PostgreSQL program, as the `postgres` user when the test runs as root. */
  private run(program: string, args: string[]): string {
    const path = join(this.bin, program);
    const asRoot = userInfo().uid === 0;
    const [command, all] = asRoot ? ['runuser', ['-u', SUPERUSER, '--', path, ...args]] : [path, args];
    try {
      return execFileSync(command, all, {
        encoding: 'utf8',
        cwd: this.dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (err) {
      const failed = err as { stderr?: string; stdout?: string };
      throw new Error(`${program} ${args.join(' ')} failed: ${failed.stderr ?? ''}${failed.stdout ?? ''}`);
    }
  }

  /** Makes a cluster in a new temporary folder and starts it on a free loopback port. */
  static async start(options: PostgresOptions = {}): Promise<PostgresCluster> {
    const bin = postgresBin();
    if (bin === null) throw new Error(postgresMissing() ?? 'PostgreSQL not found');
    const dir = mkdtempSync(join(tmpdir(), 'pointyard-postgres-'));
    const cluster = new PostgresCluster(dir, await freePort(), bin);
    const pwfile = join(dir, 'password');
    writeFileSync(pwfile, `${PASSWORD}\n`);
    if (userInfo().uid === 0) {
      const uid = Number(execFileSync('id', ['-u', SUPERUSER], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', SUPERUSER], { encoding: 'utf8' }).trim());
      chownSync(dir, uid, gid);
      chownSync(pwfile, uid, gid);
    }
    chmodSync(dir, 0o700);
    cluster.run('initdb', [
      '-D',
      join(dir, 'data'),
      '-U',
      SUPERUSER,
      `--pwfile=${pwfile}`,
      '--auth-local=trust',
      '--auth-host=scram-sha-256',
      '--encoding=UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    const conf = [
      `port = ${cluster.port}`,
      "listen_addresses = '127.0.0.1'",
      `unix_socket_directories = '${dir}'`,
      `fsync = ${options.fsync === false ? 'off' : 'on'}`,
      'max_connections = 200',
      ...(options.settings ?? []),
    ];
    writeFileSync(join(dir, 'data', 'postgresql.auto.conf'), `${conf.join('\n')}\n`);
    await cluster.resume();
    return cluster;
  }

  /** The server's own log, to explain a failure. */
  get log(): string {
    const file = join(this.dir, 'server.log');
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  /** `postgres://postgres:…@127.0.0.1:<port>/<database>` */
  url(database = 'postgres'): string {
    return `postgres://${SUPERUSER}:${PASSWORD}@127.0.0.1:${this.port}/${database}`;
  }

  /** A new empty database of the cluster; its URL. */
  async createDatabase(prefix = 'test'): Promise<string> {
    const name = `${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${process.pid}_${++this.serial}`;
    await this.sql(`CREATE DATABASE ${name}`);
    return this.url(name);
  }

  /** Runs one statement as the superuser on `database`; its rows. */
  async sql<T = Record<string, unknown>>(text: string, database = 'postgres'): Promise<T[]> {
    const client = new pg.Client({ connectionString: this.url(database) });
    await client.connect();
    try {
      return (await client.query(text)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /** Starts the cluster again (after `stop` or `kill`), on the same port with the same data; waits until it takes logins. */
  async resume(): Promise<void> {
    if (this.running) return;
    this.run('pg_ctl', [
      '-D',
      join(this.dir, 'data'),
      '-l',
      join(this.dir, 'server.log'),
      '-w',
      '-t',
      '60',
      'start',
    ]);
    this.running = true;
  }

  /** Stops the cluster (`fast`: clients are disconnected, committed work is kept). */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.run('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'fast', '-w', '-t', '60', 'stop']);
    this.running = false;
  }

  /** Kills the postmaster with SIGKILL, as a crash would (the next `resume` recovers from the WAL). */
  async kill(): Promise<void> {
    if (!this.running) return;
    const pid = Number(readFileSync(join(this.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(pid, 'SIGKILL');
    // Its children leave by themselves once the postmaster is gone; wait (bounded) for the pid file's owner.
    for (let i = 0; i < 200; i++) {
      try {
        process.kill(pid, 0);
      } catch {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    this.running = false;
  }

  /** Stops the cluster and removes its folder. */
  async dispose(): Promise<void> {
    try {
      await this.stop();
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

/**
 * This test file's own PostgreSQL cluster: started before its tests and disposed of after them, or none when
 * Debian's PostgreSQL is missing (`skip` says why, and fails under POINTYARD_REQUIRE_PEERS=1). `postgres()`
 * is the cluster, once started.
 */
export function filePostgres(options: PostgresOptions = {}): {
  skip: string | false;
  postgres: () => PostgresCluster;
} {
  const skip = peerSkip(postgresMissing());
  let started: PostgresCluster | undefined;
  before(async () => {
    if (!skip) started = await PostgresCluster.start(options);
  });
  after(async () => {
    await started?.dispose();
  });
  return {
    skip,
    postgres: () => {
      if (!started) throw new Error('PostgreSQL is not started: the tests of this file are skipped');
      return started;
    },
  };
}
