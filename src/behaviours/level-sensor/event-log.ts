// The events of one step, allocated only when something happens: most steps return the shared empty list.

import type { BehaviourEvent } from '../behaviour.js';

const NONE: BehaviourEvent[] = [];

export class EventLog {
  list: BehaviourEvent[] = NONE;

  /** Starts a new step (the previous list belongs to the runner now). */
  reset(): void {
    this.list = NONE;
  }

  add(kind: string, point: string | null, message: string, data?: Record<string, unknown>): void {
    if (this.list === NONE) this.list = [];
    this.list.push(data === undefined ? { kind, point, message } : { kind, point, message, data });
  }
}
