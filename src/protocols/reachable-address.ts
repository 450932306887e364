// Where a client on this machine reaches a server of Pointyard's own: a server listening on every address
// (0.0.0.0, ::) is reached on the loopback.

/** `host:port` a client on this machine connects to: a wildcard address becomes the loopback. */
export function reachable(address: string): string {
  return address.replace(/^0\.0\.0\.0:/, '127.0.0.1:').replace(/^\[::\]:/, '[::1]:');
}

/** A listen host as a client on this machine reaches it: a wildcard (0.0.0.0, ::) becomes the loopback. */
export function reachableHost(host: string): string {
  return host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
}
