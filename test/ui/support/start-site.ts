// `pointyard start` on a site file or `demo`, on a free HTTP port, with a known admin password; the server is
// killed if the test process ends without stopping it.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ADMIN_PASSWORD, type RunningPointyard } from '../../support/running-pointyard.js';

export async function startSite(site: string, dataDir: string): Promise<RunningPointyard> {
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
      '--log-level',
      'warn',
    ],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, POINTYARD_ADMIN_PASSWORD: ADMIN_PASSWORD },
    },
  );
  const guard = setTimeout(() => child.kill('SIGKILL'), 600_000);
  guard.unref();
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  // A test process that ends without stopping it (a failed before, a crash) takes the server with it.
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);
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
    throw new Error(`pointyard start --site ${site} did not print its Haystack API URL`);
  }
  return {
    url,
    async stop() {
      process.off('exit', orphanGuard);
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const code = await exited;
      clearTimeout(guard);
      return code;
    },
  };
}
