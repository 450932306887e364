// A real `pointyard start --site demo` in a child process, on a free HTTP port, with a known admin password.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export const ADMIN_PASSWORD = 'a long test password';

export interface RunningPointyard {
  /** The Haystack API, e.g. http://127.0.0.1:40123/api/ */
  url: string;
  /** Stops it with SIGTERM; resolves with the exit code. */
  stop(): Promise<number | null>;
}

export async function startPointyard(dataDir: string): Promise<RunningPointyard> {
  const child = spawn(
    process.execPath,
    [
      'bin/pointyard.js',
      'start',
      '--site',
      'demo',
      '--data',
      dataDir,
      '--http-port',
      '0',
      '--modbus-port',
      '0',
      '--log-level',
      'warn',
    ],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, POINTYARD_ADMIN_PASSWORD: ADMIN_PASSWORD },
    },
  );
  const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let url = '';
  for await (const line of createInterface({ input: child.stderr })) {
    const m = /^Haystack API: (\S+)$/.exec(line);
    if (m) {
      url = m[1] as string;
      break;
    }
  }
  if (!url) {
    clearTimeout(guard);
    throw new Error('pointyard start did not print its Haystack API URL');
  }
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      const code = await exited;
      clearTimeout(guard);
      return code;
    },
  };
}
