// The one write path as a protocol sees it: check, write, audit a refusal the protocol made itself, and read
// a writable point's priority array.

import { PRIORITY_LEVELS, writtenDefault } from '../../core/priority-array.js';
import type { Value } from '../../core/value.js';
import type { WriteError } from '../../points/write-validation.js';
import type { Role } from '../../store/store.js';
import type { WritePath, WriteRequest, WriteResult } from '../write-path.js';
import { writesAtAll } from '../write-permission.js';

/** A writable point's priority array, as a client reads it. */
export interface PriorityView {
  /** Levels 1–16 (index 0 is level 1): the value written, null where none. */
  values: ReadonlyArray<Value | null>;
  /** When each of levels 1–16 expires (epoch ms), null where it does not. */
  expiries: ReadonlyArray<number | null>;
  /** Level 17: the default written there, else the device's own. */
  relinquishDefault: Value;
  /** True when the default was written at level 17 (by a user), false when it is the device's own. */
  defaultWritten: boolean;
  /** In force now: the value and its level (17: the default). */
  value: Value;
  level: number;
}

export interface WritesService {
  /** Validates, arbitrates, commits with its audit record, applies, then answers. */
  write(request: WriteRequest): Promise<WriteResult>;
  /** Why `write` would refuse `request` now, or null: for a protocol that checks a batch before writing it. */
  check(request: WriteRequest): ({ ok: false } & WriteError) | null;
  /** Audits a refusal the protocol made itself (a value of the wrong kind…); resolves once it is committed. */
  refuse(request: WriteRequest, error: WriteError): Promise<{ ok: false } & WriteError>;
  /** The priority array of a writable point, or undefined for another. */
  priorityArray(key: string): PriorityView | undefined;
  /** True when `role` may write anything at all (a viewer may not). */
  writesAtAll(role: Role): boolean;
  /** The site's System Enable: while it is off only it can be written, so a batch writes it last. */
  readonly systemEnableKey: string | null;
}

export function writesService(writes: WritePath, systemEnableKey: string | null): WritesService {
  return {
    write: (request) => writes.write(request),
    check: (request) => writes.check(request),
    refuse: (request, error) => writes.refuse(request, error),
    priorityArray(key) {
      const found = writes.priorityArray(key);
      if (!found) return undefined;
      const written = writtenDefault(found.array);
      return {
        values: found.array.values.slice(0, PRIORITY_LEVELS),
        expiries: found.array.expiries.slice(0, PRIORITY_LEVELS),
        relinquishDefault: writes.relinquishDefaultOf(key) as Value,
        defaultWritten: written !== null,
        value: found.value,
        level: found.level,
      };
    },
    writesAtAll,
    systemEnableKey,
  };
}
