// Where a client on this machine reaches a server of Pointyard's own: a server listening on every address
// (0.0.0.0, ::) is reached on the loopback.

/** `host:port` a client on this machine connects to: a wildcard address becomes the loopback. */
export function reachable(address: string): string {
  return address.replace(/^0\.0\.0\.0:/, '127.0.0.1:').replace(/^\[::\]:/, '[::1]:');
}
