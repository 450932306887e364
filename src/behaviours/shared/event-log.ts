// The events of one step, allocated only when something happens: a step without events hands the runner
// the shared empty list, so most steps allocate nothing.

import type { BehaviourEvent } from '../behaviour.js';

/** The shared empty list of events (frozen: nobody may add to it). */
export const NO_EVENTS = Object.freeze([]) as unknown as BehaviourEvent[];

export class EventLog {
  private list: BehaviourEvent[] = NO_EVENTS;

  /** Adds an event to the step in progress (`data` left out of the event when not given). */
  add(kind: string, point: string | null, message: string, data?: Record<string, unknown>): void {
    if (this.list === NO_EVENTS) this.list = [];
    this.list.push(data === undefined ? { kind, point, message } : { kind, point, message, data });
  }

  /** The events added since the last call, in order (NO_EVENTS when none); the log starts empty again. */
  take(): BehaviourEvent[] {
    const list = this.list;
    this.list = NO_EVENTS;
    return list;
  }
}
