// Serves the control channel for a running site: fault injection now. One server per data folder: a second
// `pointyard start` on the same folder finds the socket alive and refuses to start (two writers would
// corrupt nothing — SQLite locks — but would fight over the same site).

import { chmodSync, existsSync, unlinkSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { createInterface } from 'node:readline';
import type { Runtime } from '../runtime/runtime.js';
import { type ControlRequest, type ControlResponse, MAX_SOCKET_PATH, socketPath } from './protocol.js';

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

function handle(runtime: Runtime, request: ControlRequest): ControlResponse {
  if (request.op === 'faults') {
    const faults: Record<string, { known: string[]; active: string[] }> = {};
    for (const [id, runner] of runtime.runners)
      faults[id] = { known: [...runner.behaviour.faults], active: [...runner.faults] };
    return { ok: true, message: 'faults by device', faults };
  }
  if (request.op === 'fault') {
    const error = runtime.setFault(request.device, request.fault, !request.clear, 'control');
    if (error) return { ok: false, error };
    return {
      ok: true,
      message: `${request.fault} ${request.clear ? 'cleared on' : 'injected into'} ${request.device}`,
    };
  }
  return { ok: false, error: `unknown operation ${(request as { op?: unknown }).op}` };
}

export async function startControlServer(runtime: Runtime, dataDir: string): Promise<Server> {
  const path = socketPath(dataDir);
  if (path.length > MAX_SOCKET_PATH)
    throw new Error(`the data folder path is too long for its control socket (${path})`);
  if (existsSync(path)) {
    if (await alive(path)) throw new Error(`another Pointyard is already running on ${dataDir}`);
    unlinkSync(path); // left by a process that was killed
  }
  const server = createServer((socket) => {
    const lines = createInterface({ input: socket });
    lines.on('line', (line) => {
      let response: ControlResponse;
      try {
        response = handle(runtime, JSON.parse(line) as ControlRequest);
      } catch (err) {
        response = { ok: false, error: `bad request: ${(err as Error).message}` };
      }
      socket.write(`${JSON.stringify(response)}\n`);
    });
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  chmodSync(path, 0o600);
  server.on('close', () => {
    if (existsSync(path)) unlinkSync(path);
  });
  return server;
}
