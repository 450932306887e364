// Debian's mosquitto broker for a test: started with a generated configuration on a free loopback port in a
// temporary folder, stopped (and started again on the same port, with its persistence) by the test; and
// mosquitto_sub / mosquitto_pub as the independent clients. `mosquittoMissing()` says what to install.

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

const BROKER = '/usr/sbin/mosquitto';

/** Why the mosquitto peer cannot be used here, or null when it can. */
export function mosquittoMissing(): string | null {
  for (const [command, args] of [
    [BROKER, ['-h']],
    ['mosquitto_sub', ['--help']],
    ['mosquitto_pub', ['--help']],
  ] as const) {
    const run = spawnSync(command, args, { encoding: 'utf8' });
    if (run.error) return `${command} not found: apt-get install mosquitto mosquitto-clients`;
  }
  return null;
}

/** A free TCP port on the loopback. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1');
  });
}

export interface MosquittoOptions {
  /** Lines added to the generated configuration (`password_file …`, `acl_file …`). */
  extra?: string[];
  /** Anonymous clients allowed (default true). */
  anonymous?: boolean;
}

export class Mosquitto {
  private process: ChildProcess | null = null;
  private output = '';

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  /** `mqtt://127.0.0.1:<port>` */
  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  /** Starts a broker with persistence in a new temporary folder, on a free port. */
  static async start(options: MosquittoOptions = {}): Promise<Mosquitto> {
    const dir = mkdtempSync(join(tmpdir(), 'pointyard-mosquitto-'));
    const broker = new Mosquitto(dir, await freePort());
    writeFileSync(
      join(dir, 'mosquitto.conf'),
      [
        `listener ${broker.port} 127.0.0.1`,
        // Started as root, mosquitto would switch to its own user and could then neither keep its
        // persistence in this folder nor read the test's certificates: it stays the test's user.
        `user ${userInfo().username}`,
        `allow_anonymous ${options.anonymous === false ? 'false' : 'true'}`,
        'persistence true',
        `persistence_location ${dir}/`,
        'autosave_interval 1',
        'max_queued_messages 1000000',
        'log_dest stderr',
        'log_type error',
        'log_type warning',
        ...(options.extra ?? []),
        '',
      ].join('\n'),
    );
    await broker.resume();
    return broker;
  }

  /** Starts the broker again on its port (after `stop`), with what it persisted. */
  async resume(): Promise<void> {
    if (this.process) return;
    const child = spawn(BROKER, ['-c', join(this.dir, 'mosquitto.conf')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-4000);
    });
    this.process = child;
    const deadline = Date.now() + 10_000;
    while (!(await accepts(this.port))) {
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`mosquitto did not start on ${this.port}: ${this.output}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Stops the broker (SIGTERM: it saves its persistence) and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.process;
    if (!child) return;
    this.process = null;
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }

  /** Stops it and removes its folder. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** What mosquitto_sub printed (`-v`: `topic payload` lines), bounded in count and time. */
export function subscribe(
  url: string,
  topics: string[],
  options: { count?: number; timeoutS?: number; extra?: string[] } = {},
): { lines: Promise<string[]>; process: ChildProcess } {
  const { port } = new URL(url);
  const args = [
    '-h',
    '127.0.0.1',
    '-p',
    port,
    '-v',
    ...topics.flatMap((t) => ['-t', t]),
    '-W',
    String(options.timeoutS ?? 10),
    ...(options.count ? ['-C', String(options.count)] : []),
    ...(options.extra ?? []),
  ];
  const child = spawn('mosquitto_sub', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const lines = new Promise<string[]>((resolve) =>
    child.once('exit', () => resolve(out.split('\n').filter((l) => l !== ''))),
  );
  return { lines, process: child };
}

/** Publishes one message with mosquitto_pub; resolves with its exit code and what it printed. */
export function publish(
  url: string,
  topic: string,
  message: string,
  extra: string[] = [],
): { status: number | null; output: string } {
  const { port } = new URL(url);
  const run = spawnSync(
    'mosquitto_pub',
    ['-h', '127.0.0.1', '-p', port, '-t', topic, '-m', message, ...extra],
    {
      encoding: 'utf8',
      timeout: 10_000,
    },
  );
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}
