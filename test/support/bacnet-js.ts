// @bacnet-js/client, the independent BACnet stack from npm the interop tests use as a peer: loaded when it is
// installed, and a free UDP port for it (it takes no port 0).
import dgram from 'node:dgram';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// biome-ignore lint/suspicious/noExplicitAny: the peer is untyped JavaScript as far as these tests go
export type Any = any;

/** The client's class, or null when the package is not installed. */
export function loadBacnetJs(): Any | null {
  try {
    return require('@bacnet-js/client').default ?? require('@bacnet-js/client');
  } catch {
    return null;
  }
}

export const BACNET_JS_MISSING = '@bacnet-js/client is not installed (npm ci installs it: a dev dependency)';

/** A UDP port free on `host` now. */
export async function freeUdpPort(host: string): Promise<number> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, host, resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}
