// One running Pointyard per data folder. The lock is a Unix socket in the folder (`<data>/pointyard.sock`,
// owner-only) that answers nothing: a second `pointyard start` finds it alive and refuses to start, and a
// socket left by a killed process is found dead and replaced. Unlike a PID file, a stale lock can never
// be mistaken for a live one after the PID is reused.

import { chmodSync, existsSync, unlinkSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { join } from 'node:path';

/** Unix socket paths are limited to about 107 bytes. */
const MAX_SOCKET_PATH = 100;

export const lockPath = (dataDir: string) => join(dataDir, 'pointyard.sock');

/** True when something answers on the socket (a live Pointyard), false when it is absent or stale. */
function alive(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(path);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** The folder is in use by a live Pointyard. */
export class AlreadyRunning extends Error {}

export interface InstanceLock {
  release(): void;
}

export async function lockDataFolder(dataDir: string): Promise<InstanceLock> {
  const path = lockPath(dataDir);
  if (path.length > MAX_SOCKET_PATH)
    throw new Error(`the data folder path is too long for its lock (${path})`);
  if (existsSync(path)) {
    if (await alive(path)) throw new AlreadyRunning(`another Pointyard is already running on ${dataDir}`);
    unlinkSync(path); // left by a process that was killed
  }
  const server: Server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  chmodSync(path, 0o600);
  return {
    release() {
      server.close();
      if (existsSync(path)) unlinkSync(path);
    },
  };
}
