// pymodbus 3.0 (Debian's python3-pymodbus) for the interop tests: the python3 it is installed for, its version,
// and the tests' `skip` when it is missing, which is a failure under POINTYARD_REQUIRE_PEERS=1 (CI).
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { peerSkip } from '../support/peers.js';

// Debian installs pymodbus for its own python3, which may not be the first python3 on PATH.
export const PYTHON = '/usr/bin/python3';

// The client and server modules, not only the package: without python3-serial-asyncio (a Debian recommends)
// `import pymodbus` works but the client does not.
const probe = spawnSync(
  PYTHON,
  [
    '-c',
    'import pymodbus; from pymodbus.client import ModbusTcpClient; from pymodbus.server import StartAsyncTcpServer; print(pymodbus.__version__)',
  ],
  { encoding: 'utf8' },
);

/** pymodbus's version (e.g. 3.0.2), or '' when it is not installed. */
export const PYMODBUS_VERSION = probe.status === 0 ? probe.stdout.trim() : '';

/** Why the pymodbus tests cannot run here, or false when they can: their `skip`. */
export const skipWithoutPymodbus = peerSkip(
  probe.status === 0
    ? null
    : `python3-pymodbus is not installed (or not whole) for ${PYTHON} (apt-get install python3-pymodbus python3-serial-asyncio; .ci/run installs them): ${probe.stderr.trim().split('\n').at(-1) ?? ''}`,
);

/** A write the pymodbus device saw (one JSON line of test/interop/pymodbus-device.py). */
export interface DeviceWrite {
  table: string;
  address: number;
  values: number[];
}

/**
 * Starts test/interop/pymodbus-device.py with `spec` (unit, size, tables, frozen registers…) on a free port;
 * resolves with its process and port once it listens. Every write it reports is pushed to `writes`.
 */
export function startPymodbusDevice(
  spec: Record<string, unknown>,
  writes: { push(write: DeviceWrite): unknown },
): Promise<{ device: ChildProcessWithoutNullStreams; port: number }> {
  const device = spawn(PYTHON, ['test/interop/pymodbus-device.py'], { stdio: ['pipe', 'pipe', 'pipe'] });
  device.stdin.end(`${JSON.stringify(spec)}\n`);
  return new Promise((resolve, reject) => {
    createInterface({ input: device.stdout }).on('line', (line) => {
      const ready = /^ready (\d+)$/.exec(line);
      if (ready) resolve({ device, port: Number(ready[1]) });
      else writes.push(JSON.parse(line) as DeviceWrite);
    });
    device.once('exit', (code) => reject(new Error(`pymodbus exited (${code})`)));
  });
}
