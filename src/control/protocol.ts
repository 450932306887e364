// The local control channel of a running Pointyard: newline-delimited JSON over a Unix socket in the data
// folder (`<data>/pointyard.sock`, owner-only). Until the HTTP API exists it carries `pointyard fault`.

import { join } from 'node:path';

export type ControlRequest =
  | { op: 'fault'; device: string; fault: string; clear?: boolean }
  | { op: 'faults' };

export type ControlResponse =
  | { ok: true; message: string; faults?: Record<string, { known: string[]; active: string[] }> }
  | { ok: false; error: string };

export function socketPath(dataDir: string): string {
  return join(dataDir, 'pointyard.sock');
}

/** Unix socket paths are limited to about 107 bytes. */
export const MAX_SOCKET_PATH = 100;
