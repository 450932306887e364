// Sends one request to a running Pointyard over its control socket.

import { createConnection } from 'node:net';
import { createInterface } from 'node:readline';
import { type ControlRequest, type ControlResponse, socketPath } from './protocol.js';

export function sendControl(
  dataDir: string,
  request: ControlRequest,
  timeoutMs = 5000,
): Promise<ControlResponse> {
  const path = socketPath(dataDir);
  return new Promise((resolve, reject) => {
    const socket = createConnection(path);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer from Pointyard on ${path} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const why =
        err.code === 'ENOENT' || err.code === 'ECONNREFUSED'
          ? `no Pointyard is running on ${dataDir} (start it with \`pointyard start --data ${dataDir}\`)`
          : err.message;
      reject(new Error(why));
    });
    socket.once('connect', () => {
      // Read only once connected: a reader on a socket that failed would raise the error a second time.
      createInterface({ input: socket }).once('line', (line) => {
        clearTimeout(timer);
        socket.end();
        try {
          resolve(JSON.parse(line) as ControlResponse);
        } catch (err) {
          reject(err);
        }
      });
      socket.write(`${JSON.stringify(request)}\n`);
    });
  });
}
