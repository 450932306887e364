// The charge points' outbox in memory: same semantics as SQLite's, nothing survives the process.

import { getOrCreate } from '../../util/maps.js';
import type { OutboxMessage, OutboxStore } from '../outbox.js';

export class MemoryOutbox implements OutboxStore {
  private readonly messages: OutboxMessage[] = [];
  private readonly states = new Map<string, Map<string, string>>();
  private lastSeq = 0;

  enqueue(chargePoint: string, action: string, payload: Record<string, unknown>): Promise<number> {
    const seq = ++this.lastSeq;
    this.messages.push({ seq, chargePoint, action, payload: structuredClone(payload), attempts: 0 });
    return Promise.resolve(seq);
  }

  pending(chargePoint: string, limit?: number): Promise<OutboxMessage[]> {
    const rows = this.messages.filter((m) => m.chargePoint === chargePoint);
    const kept = limit === undefined || limit < 0 ? rows : rows.slice(0, limit);
    return Promise.resolve(kept.map((m) => structuredClone(m)));
  }

  countAttempt(seq: number): Promise<void> {
    const message = this.messages.find((m) => m.seq === seq);
    if (message) message.attempts++;
    return Promise.resolve();
  }

  complete(seq: number, state?: { chargePoint: string; values: Map<string, string | null> }): Promise<void> {
    const i = this.messages.findIndex((m) => m.seq === seq);
    if (i >= 0) this.messages.splice(i, 1);
    if (state) this.writeState(state.chargePoint, state.values);
    return Promise.resolve();
  }

  loadState(chargePoint: string): Promise<Map<string, string>> {
    return Promise.resolve(new Map(this.states.get(chargePoint)));
  }

  saveState(chargePoint: string, values: Map<string, string | null>): Promise<void> {
    this.writeState(chargePoint, values);
    return Promise.resolve();
  }

  private writeState(chargePoint: string, values: Map<string, string | null>): void {
    const state = getOrCreate(this.states, chargePoint, () => new Map<string, string>());
    for (const [key, value] of values) {
      if (value === null) state.delete(key);
      else state.set(key, value);
    }
  }
}
