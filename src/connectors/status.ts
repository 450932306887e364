// The status model of the client side, as Haxall's hxConn has it. A connector (one remote endpoint) is
// `unknown` until it first answers, `ok` while it answers, `down` while it cannot be reached, `fault` when it
// answers but refuses every read of a poll round, `disabled` when the site turns it off. A point shows its
// connector's status unless that is `ok`; then its own: `ok` after a fresh read, `fault` when its read or
// its write failed, `stale` when its last fresh read is older than the configured age, `unknown` before its
// first read.

import type { PointStatus } from '../core/point-status.js';

/** The six states; a point and a connector each have one. */
export type Status = PointStatus;

/** What a connector can be as a whole (`stale` is a point's own). */
export type ConnectorStatus = Exclude<Status, 'stale'>;

/** What a point is by its own reads and writes, whatever its connector is. */
export type OwnStatus = 'ok' | 'fault' | 'unknown';

/** The status a point shows: its connector's unless that is `ok`, then its own, aged to `stale`. */
export function shownStatus(connector: ConnectorStatus, own: OwnStatus, stale: boolean): Status {
  if (connector !== 'ok') return connector;
  return own === 'ok' && stale ? 'stale' : own;
}

/** Whether a value read at `readAt` is too old at `now`; never with `staleAfterMs` 0 (staleness off). */
export function isStale(readAt: number | null, now: number, staleAfterMs: number): boolean {
  return staleAfterMs > 0 && readAt !== null && now - readAt > staleAfterMs;
}

/** When the value read at `readAt` turns stale (the first instant it is), or null when it never does. */
export function staleAt(readAt: number | null, staleAfterMs: number): number | null {
  return staleAfterMs > 0 && readAt !== null ? readAt + staleAfterMs + 1 : null;
}
