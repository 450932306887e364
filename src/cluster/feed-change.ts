// What the change feed carries: a change a node publishes, the same change as followers receive it (with the
// seq that orders it and the node that published it), and a point's current value as a snapshot holds it.

import type { Value } from '../core/value.js';
import type { FeedValue } from '../store/postgres/pg-feed-wire.js';

export type { FeedValue } from '../store/postgres/pg-feed-wire.js';

/** What changed: `value` for a point's value and status, `priority` for a write's new priority array. */
export type FeedKind = 'value' | 'priority';

export interface FeedChange {
  /** `<device>.<point>` */
  key: string;
  kind: FeedKind;
  value: FeedValue;
  /** The point's status (a priority change carries the status the owner gives it, e.g. 'ok'). */
  status: string;
  /** When it changed, epoch ms (the publishing node's clock: for people, not for ordering). */
  ts: number;
}

export interface PublishedChange extends FeedChange {
  /** The commit order of changes: strictly increasing in the order followers receive them. */
  seq: number;
  /** The node that published it. */
  node: string;
}

/** A point's current value as `point_values` holds it. */
export interface PointValue {
  value: Value | null;
  status: string;
  ts: number;
  /** The seq of the change that set it. */
  seq: number;
}

/** A row of `point_changes` as the driver returns it (bigint as text). */
export interface ChangeRow {
  seq: string;
  key: string;
  value: FeedValue;
  status: string;
  ts: number;
  node: string;
  kind: FeedKind;
}

export const changeOfRow = (row: ChangeRow): PublishedChange => ({
  seq: Number(row.seq),
  key: row.key,
  kind: row.kind,
  value: row.value,
  status: row.status,
  ts: row.ts,
  node: row.node,
});

const scalar = (v: unknown) =>
  v === null ||
  typeof v === 'boolean' ||
  typeof v === 'string' ||
  (typeof v === 'number' && Number.isFinite(v));

/** Why `change` cannot be published (a message for a person), or null when it can. */
export function invalidChange(change: FeedChange): string | null {
  if (typeof change.key !== 'string' || change.key.length === 0) return 'a change needs a key';
  if (change.kind !== 'value' && change.kind !== 'priority')
    return `${change.key}: unknown kind ${String(change.kind)}`;
  const valid =
    change.kind === 'value'
      ? scalar(change.value)
      : Array.isArray(change.value) && change.value.every(scalar);
  if (!valid)
    return `${change.key}: not a ${change.kind === 'value' ? 'value' : 'priority array'}: ${String(change.value)}`;
  if (typeof change.status !== 'string') return `${change.key}: the status must be text`;
  if (typeof change.ts !== 'number' || !Number.isFinite(change.ts))
    return `${change.key}: the time must be epoch ms`;
  return null;
}
