// The fence a publish runs first in its transaction (the owner's lease check): it refuses by throwing an error
// of its own (the lease check's FencedError, though a StoreError, is one), which drops the changes it guarded.
// An error of the database itself (another StoreError, or a driver error carrying a SQLSTATE or a network code)
// is not a refusal: the changes are kept and retried.

import type pg from 'pg';
import { StoreError } from '../store/store-error.js';
import { FencedError } from './fencing.js';

/** A check of its own, run in the transaction; it refuses by throwing. */
export type FenceCheck = (client: pg.ClientBase) => Promise<void>;

/**
 * A fence on devices' leases: the publisher checks every lease fence of a batch in one statement
 * (`LeaseRefusals`, the rows locked in device order as the heartbeat locks them) and drops the changes of the
 * fences it refuses, committing the rest in the same transaction.
 */
export interface LeaseFence {
  readonly devices: readonly string[];
}

export type Fence = FenceCheck | LeaseFence;

/** Inside the transaction: why each of `devices` may not be committed for, by device (none: all may). */
export type LeaseRefusals = (
  client: pg.ClientBase,
  devices: readonly string[],
) => Promise<ReadonlyMap<string, Error>>;

/** True when `err`, thrown by a fence, came from the database or the connection rather than from a refusal. */
export function fromDatabase(err: unknown): boolean {
  if (err instanceof FencedError) return false;
  if (err instanceof StoreError) return true;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.length > 0) return true;
  return err instanceof Error && /Connection terminated|timeout exceeded/i.test(err.message);
}
