// Each charge point's last messages, both ways, in memory: what an operator reads to see what a charger
// said and was told. OCPP-J frames: [2, id, action, payload] a call, [3, id, payload] its result,
// [4, id, code, description, details] its error; a result or an error takes its call's action.

export interface LoggedMessage {
  /** Epoch ms (the site's clock). */
  ts: number;
  /** `in`: from the charge point; `out`: from the CSMS. */
  direction: 'in' | 'out';
  type: 'call' | 'result' | 'error';
  /** The call's action (BootNotification…), also on its result or error; null when unknown. */
  action: string | null;
  messageId: string | null;
  /** The payload; for an error `{ code, description, details }`; the raw text when it is not OCPP-J. */
  payload: unknown;
}

const TYPES = { 2: 'call', 3: 'result', 4: 'error' } as const;

export class MessageLog {
  private readonly entries: LoggedMessage[] = [];
  /** Actions of the calls under way, by message id. */
  private readonly actions = new Map<string, string>();

  constructor(private readonly size: number) {}

  record(ts: number, direction: LoggedMessage['direction'], text: string): void {
    if (this.size === 0) return;
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      frame = null;
    }
    const entry = Array.isArray(frame) ? this.entryOf(ts, direction, frame) : null;
    this.entries.push(
      entry ?? { ts, direction, type: 'error', action: null, messageId: null, payload: text },
    );
    if (this.entries.length > this.size) this.entries.shift();
  }

  /** The messages kept, oldest first. */
  list(): LoggedMessage[] {
    return this.entries.map((e) => ({ ...e }));
  }

  private entryOf(ts: number, direction: LoggedMessage['direction'], frame: unknown[]): LoggedMessage | null {
    const type = TYPES[frame[0] as keyof typeof TYPES];
    const messageId = typeof frame[1] === 'string' ? frame[1] : null;
    if (!type) return null;
    if (type === 'call') {
      const action = typeof frame[2] === 'string' ? frame[2] : null;
      if (messageId && action) {
        this.actions.set(messageId, action);
        // A call never answered must not keep its id for ever.
        if (this.actions.size > 1000) this.actions.delete(this.actions.keys().next().value as string);
      }
      return { ts, direction, type, action, messageId, payload: frame[3] };
    }
    const action = messageId ? (this.actions.get(messageId) ?? null) : null;
    if (messageId) this.actions.delete(messageId);
    const payload =
      type === 'result' ? frame[2] : { code: frame[2], description: frame[3], details: frame[4] };
    return { ts, direction, type, action, messageId, payload };
  }
}
