// For the OCPP tests between whole Pointyards: a `pointyard start` child process with the environment the
// test gives (a charger password), its stderr read to the end (kept for the failure message, and never left
// to fill its pipe), the OCPP URL it prints; its Haystack API as the admin; bounded polls.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { haystackLogin } from '../../src/protocols/haystack/client/scram-login.js';
import { callOp, rowsOf } from '../support/haystack-call.js';
import { ADMIN_PASSWORD } from '../support/running-pointyard.js';

export interface PointyardProcess {
  /** Its Haystack API, http://127.0.0.1:<port>/api/ */
  url: string;
  /** The CSMS's URL without the charge point id (ws://127.0.0.1:<port>/ocpp), or null when it serves none. */
  ocppUrl: string | null;
  /** Its process id (to freeze it with SIGSTOP). */
  pid: number;
  /** Everything it wrote on stderr so far. */
  output: string[];
  /** Stops it (SIGTERM by default; SIGKILL for a kill -9) and waits for its exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface RunOptions {
  /** More flags for `start` (after the free ports: they may override them). */
  args?: string[];
  /** More environment variables. */
  env?: Record<string, string>;
}

/** `pointyard start --site <site> --data <dataDir>` on free ports; resolves once it is ready. */
export async function runPointyard(dataDir: string, site: string, options: RunOptions = {}) {
  const child = spawn(
    process.execPath,
    [
      'bin/pointyard.js',
      'start',
      '--site',
      site,
      '--data',
      dataDir,
      '--http-port',
      '0',
      '--modbus-port',
      '0',
      '--bacnet-port',
      '0',
      '--ocpp-port',
      '0',
      '--log-level',
      'warn',
      ...(options.args ?? []),
    ],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, POINTYARD_ADMIN_PASSWORD: ADMIN_PASSWORD, ...options.env },
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A test process that ends without stopping it (a failed assertion, a crash) takes it along.
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  const output: string[] = [];
  let url = '';
  let ocppUrl: string | null = null;
  const ready = new Promise<void>((resolve) => {
    createInterface({ input: child.stderr })
      .on('line', (line) => {
        output.push(line);
        url ||= /^Haystack API: (\S+)$/.exec(line)?.[1] ?? '';
        ocppUrl ??= /^OCPP 1\.6-J: (\S+)\/<chargePointId>$/.exec(line)?.[1] ?? null;
        if (line.startsWith('Ctrl+C stops it')) resolve();
      })
      .on('close', () => resolve());
  });
  await ready;
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    process.off('exit', orphanGuard);
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  if (!url) {
    await stop('SIGKILL');
    throw new Error(`pointyard start --site ${site} did not start:\n${output.join('\n')}`);
  }
  return { url, ocppUrl, pid: child.pid as number, output, stop } satisfies PointyardProcess;
}

/** A Pointyard's Haystack API, logged in as the admin. */
export async function adminApi(url: string) {
  const { fetch } = await haystackLogin(url, 'admin', ADMIN_PASSWORD);
  /** An op's rows (GET with `query`); an error grid throws. */
  const rows = async (op: string, query: Record<string, string> = {}) => {
    const answer = await callOp(url, fetch, op, { query });
    if (answer.status !== 200 || answer.error !== null)
      throw new Error(`${op}: ${answer.error ?? `HTTP ${answer.status} ${answer.text}`}`);
    return rowsOf(answer.grid);
  };
  /** Posts an op (Zinc body); an error grid throws. */
  const post = async (op: string, zinc: string) => {
    const answer = await callOp(url, fetch, op, zinc);
    if (answer.status !== 200 || answer.error !== null)
      throw new Error(`${op}: ${answer.error ?? `HTTP ${answer.status} ${answer.text}`}`);
    return rowsOf(answer.grid);
  };
  /** A point's current value (Hayson: a number is `{_kind: 'number', val, unit}`). */
  const curVal = async (id: string): Promise<unknown> => {
    const [row] = await post('read', `ver:"3.0"\nid\n@${id}\n`);
    return row?.curVal;
  };
  return { rows, post, curVal };
}

/** Polls `probe` every 20 ms (real time) until `ok` holds, for at most `ms`; the error shows its last value. */
export async function until<T>(
  what: string,
  probe: () => Promise<T> | T,
  ok: (value: T) => boolean,
  ms = 30_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > end)
      throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
