// The fence a publish runs first in its transaction (the owner's lease check): it refuses by throwing an error
// of its own, which drops the changes it guarded. An error of the database itself (a StoreError, or a driver
// error carrying a SQLSTATE or a network code) is not a refusal: the changes are kept and retried. The lease
// check's FencedError is a StoreError too, but a refusal.

import type pg from 'pg';
import { StoreError } from '../store/store-error.js';
import { FencedError } from './fencing.js';

export type Fence = (client: pg.ClientBase) => Promise<void>;

/** True when `err`, thrown by a fence, came from the database or the connection rather than from a refusal. */
export function fromDatabase(err: unknown): boolean {
  if (err instanceof FencedError) return false;
  if (err instanceof StoreError) return true;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.length > 0) return true;
  return err instanceof Error && /Connection terminated|timeout exceeded/i.test(err.message);
}
