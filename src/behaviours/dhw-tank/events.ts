// The events of one step, gathered without allocating anything in the usual step that has none.

import type { BehaviourEvent } from '../behaviour.js';

const NONE = Object.freeze([]) as unknown as BehaviourEvent[];

export class EventBuffer {
  private list: BehaviourEvent[] = NONE;

  emit(kind: string, message: string, point: string | null = null, data?: Record<string, unknown>): void {
    if (this.list === NONE) this.list = [];
    this.list.push(data ? { kind, point, message, data } : { kind, point, message });
  }

  /** The events since the last call (a shared empty list when there were none). */
  take(): BehaviourEvent[] {
    const list = this.list;
    this.list = NONE;
    return list;
  }
}
