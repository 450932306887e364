// A real `pointyard start` in a child process (the demo by default, or a site file) on free ports, with a
// known admin password. Its stderr is read to the end (kept in `output`, never left to fill its pipe). The
// server is killed if the test process ends without stopping it.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export const ADMIN_PASSWORD = 'a long test password';

export interface RunningPointyard {
  /** The Haystack API, e.g. http://127.0.0.1:40123/api/ */
  url: string;
  /** Every line `start` printed before it was ready (addresses included). */
  banner: string[];
  /** The Modbus TCP address it printed, or null when it serves none (`--no-modbus`). */
  modbus: { host: string; port: number } | null;
  /** The OCPP CSMS's URL without the charge point id (ws://127.0.0.1:<port>/ocpp), or null when none. */
  ocppUrl: string | null;
  /** The embedded MQTT broker's URL (mqtt://127.0.0.1:<port>), or null when it runs none. */
  mqttUrl: string | null;
  /** Every line it wrote on stderr so far. */
  output: string[];
  /** Its process id (a test may kill it outright). */
  pid: number;
  /** Stops it with SIGTERM (or `signal`); resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface StartOptions {
  /** A site file, or `demo` (the default). */
  site?: string;
  /** More flags for `start` (they may override the free ports). */
  args?: string[];
  /** True: no `--modbus-port`, so the site file's `server.modbus.port` (else 5020) is served. */
  modbusPortFromSite?: boolean;
  /** More environment variables. */
  env?: Record<string, string>;
}

export async function startPointyard(dataDir: string, options: StartOptions = {}): Promise<RunningPointyard> {
  const site = options.site ?? 'demo';
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
      ...(options.modbusPortFromSite ? [] : ['--modbus-port', '0']),
      '--bacnet-port',
      '0',
      '--ocpp-port',
      '0',
      '--mqtt-port',
      '0',
      '--sia-port',
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
  const guard = setTimeout(() => child.kill('SIGKILL'), 600_000);
  guard.unref();
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  // A test process that ends without stopping it (a failed before, a crash) takes the server with it.
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  const banner: string[] = [];
  const output: string[] = [];
  let url = '';
  let ocppUrl: string | null = null;
  let mqttUrl: string | null = null;
  let modbus: RunningPointyard['modbus'] = null;
  let started = false;
  await new Promise<void>((resolve) => {
    createInterface({ input: child.stderr })
      .on('line', (line) => {
        output.push(line);
        if (started) return;
        banner.push(line);
        url ||= /^Haystack API: (\S+)$/.exec(line)?.[1] ?? '';
        ocppUrl ??= /^OCPP 1\.6-J: (\S+)\/<chargePointId>$/.exec(line)?.[1] ?? null;
        mqttUrl ??= /^MQTT broker: (mqtt:\S+)$/.exec(line)?.[1] ?? null;
        const tcp = /^Modbus TCP: (\S+):(\d+)$/.exec(line);
        if (tcp) modbus = { host: tcp[1] as string, port: Number(tcp[2]) };
        if (line.startsWith('Ctrl+C stops it')) {
          started = true;
          resolve();
        }
      })
      .on('close', () => resolve());
  });
  if (!url) {
    clearTimeout(guard);
    process.off('exit', orphanGuard);
    throw new Error(
      `pointyard start --site ${site} did not print its Haystack API URL:\n${banner.join('\n')}`,
    );
  }
  return {
    url,
    pid: child.pid as number,
    banner,
    modbus,
    ocppUrl,
    mqttUrl,
    output,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      process.off('exit', orphanGuard);
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      const code = await exited;
      clearTimeout(guard);
      return code;
    },
  };
}
