// Each charge point's last messages, both ways, in memory: what an operator reads to see what a charger
// said and was told. OCPP-J frames: [2, id, action, payload] a call, [3, id, payload] its result,
// [4, id, code, description, details] its error; a result or an error takes its call's action.
// Kept as the text that went over the wire and read (parsed) only when listed: recording a message costs a
// look at its first characters, not a JSON.parse and the objects of its payload. With a budget
// (csms-message-log-budget.ts), the logs of all charge points together stay within it.

import type { ChargePointMessage } from '../../runtime/services/services.js';
import { type BudgetedLog, type MessageLogBudget, messageCost } from './csms-message-log-budget.js';

/** One message of a charge point's log, as the services facade gives it to the ops. */
export type LoggedMessage = ChargePointMessage;

interface Kept {
  seq: number;
  ts: number;
  direction: LoggedMessage['direction'];
  text: string;
  /** The call's action, for a result or an error (known when it was recorded). */
  action: string | null;
}

const TYPES = { 2: 'call', 3: 'result', 4: 'error' } as const;

/** The head of an OCPP-J frame: its type digit, its message id, and (a call) its action, as written. */
const HEAD = /^\s*\[\s*([234])\s*,\s*"((?:[^"\\]|\\.)*)"\s*(?:,\s*"((?:[^"\\]|\\.)*)")?/;

/** A JSON string's content as written, unescaped when it has escapes. */
const unescaped = (raw: string): string | null => {
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return null;
  }
};

export class MessageLog implements BudgetedLog {
  private readonly entries: Kept[] = [];
  /** Actions of the calls under way, by message id. */
  private readonly actions = new Map<string, string>();
  private ownSeq = 0;

  constructor(
    private readonly size: number,
    private readonly budget: MessageLogBudget | null = null,
  ) {}

  record(ts: number, direction: LoggedMessage['direction'], text: string): void {
    if (this.size === 0) return;
    const head = HEAD.exec(text.length > 512 ? text.slice(0, 512) : text);
    let action: string | null = null;
    if (head) {
      const messageId = unescaped(head[2] as string);
      if (head[1] === '2') {
        const called = head[3] === undefined ? null : unescaped(head[3]);
        if (messageId !== null && called) {
          this.actions.set(messageId, called);
          // A call never answered must not keep its id for ever.
          if (this.actions.size > 1000) this.actions.delete(this.actions.keys().next().value as string);
        }
      } else if (messageId !== null) {
        action = this.actions.get(messageId) ?? null;
        this.actions.delete(messageId);
      }
    }
    const seq = this.budget ? this.budget.add(this, messageCost(text)) : this.ownSeq++;
    this.entries.push({ seq, ts, direction, text, action });
    if (this.entries.length > this.size) this.drop();
  }

  /** The messages kept, oldest first. */
  list(): LoggedMessage[] {
    return this.entries.map((e) => this.read(e));
  }

  dropOldest(seq: number): void {
    if (this.entries[0]?.seq === seq) this.drop();
  }

  private drop(): void {
    const gone = this.entries.shift();
    if (gone) this.budget?.release(messageCost(gone.text));
  }

  /** A kept message as listed: its frame parsed. */
  private read(kept: Kept): LoggedMessage {
    const { ts, direction, text } = kept;
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      frame = null;
    }
    const raw = { ts, direction, type: 'error', action: null, messageId: null, payload: text } as const;
    if (!Array.isArray(frame)) return raw;
    const type = TYPES[frame[0] as keyof typeof TYPES];
    if (!type) return raw;
    const messageId = typeof frame[1] === 'string' ? frame[1] : null;
    if (type === 'call') {
      const action = typeof frame[2] === 'string' ? frame[2] : null;
      return { ts, direction, type, action, messageId, payload: frame[3] };
    }
    const payload =
      type === 'result' ? frame[2] : { code: frame[2], description: frame[3], details: frame[4] };
    return { ts, direction, type, action: kept.action, messageId, payload };
  }
}
