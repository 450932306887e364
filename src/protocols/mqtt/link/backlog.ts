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
  /**
   * The number of the oldest waiting message: messages are numbered in order as they are appended (from 0 at
   * the open), and the bounds may drop the oldest at any append, so a batch is named by its numbers.
   */
  readonly first: number;
  /** Up to `max` of the oldest waiting messages, oldest first (numbered from `first` on), without removing them. */
  peek(max: number): Outgoing[];
  /** Removes the waiting messages numbered below `next` (they have gone out); kept against a kill -9 once it returns. */
  release(next: number): void;
  status(): BacklogStatus;
  close(): void;
}
