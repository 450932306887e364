// The messages waiting for an external broker that is unreachable, oldest first. The link appends to it
// while it has no connection (or while older messages still wait), and drains it in order once connected.
// The disk implementation (disk-backlog.ts) keeps them across a restart and a kill -9, within its bounds.

import type { Outgoing } from './outgoing.js';

export interface BacklogStatus {
  /** Messages waiting, and their size on disk. */
  readonly messages: number;
  readonly bytes: number;
  /** When the oldest waiting message was appended (epoch ms), or null when none waits. */
  readonly oldest: number | null;
  /** Messages dropped since the start because the backlog was past its size or age bound. */
  readonly dropped: number;
}

export interface Backlog {
  /** Messages waiting. */
  readonly size: number;
  /** Appends in order; kept (against a kill -9 of the process) once it returns. */
  append(messages: readonly Outgoing[]): void;
  /** Up to `max` of the oldest waiting messages, oldest first, without removing them. */
  peek(max: number): Outgoing[];
  /** Removes the `count` oldest messages (they have gone out). */
  drop(count: number): void;
  status(): BacklogStatus;
  close(): void;
}
