// For the OCPP tests between whole Pointyards: a `pointyard start` child process with the environment the
// test gives (a charger password), its stderr read to the end (kept for the failure message, and never left
// to fill its pipe), the OCPP URL it prints; its Haystack API as the admin; bounded polls.
import { haystackLogin } from '../../src/protocols/haystack/client/scram-login.js';
import { callOp, rowsOf } from '../support/haystack-call.js';
import { ADMIN_PASSWORD, type RunningPointyard, startPointyard } from '../support/running-pointyard.js';

export type PointyardProcess = Pick<RunningPointyard, 'url' | 'ocppUrl' | 'pid' | 'output'> & {
  /** Stops it (SIGTERM by default; SIGKILL for a kill -9) and waits for its exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
};

export interface RunOptions {
  /** More flags for `start` (after the free ports: they may override them). */
  args?: string[];
  /** More environment variables. */
  env?: Record<string, string>;
}

/** `pointyard start --site <site> --data <dataDir>` on free ports; resolves once it is ready. */
export async function runPointyard(
  dataDir: string,
  site: string,
  options: RunOptions = {},
): Promise<PointyardProcess> {
  const running = await startPointyard(dataDir, {
    site,
    ...(options.args ? { args: options.args } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  return {
    url: running.url,
    ocppUrl: running.ocppUrl,
    pid: running.pid,
    output: running.output,
    async stop(signal) {
      await running.stop(signal);
    },
  };
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
