// The site's charging back end as the protocols' ops see it: the charge points connected to it, each one's
// last messages, and a call to one of them. The server that runs it (a central system plug-in) attaches itself while it
// listens; until then, and after it stops, there is none.

/** One message of a charge point's log. */
export interface ChargePointMessage {
  /** Epoch ms (the site's clock). */
  ts: number;
  /** `in`: from the charge point; `out`: from the back end. */
  direction: 'in' | 'out';
  type: 'call' | 'result' | 'error';
  /** The call's action (BootNotification…), also on its result or error; null when unknown. */
  action: string | null;
  messageId: string | null;
  /** The payload; for an error `{ code, description, details }`; the raw text when it is not a message. */
  payload: unknown;
}

export interface ChargingBackend {
  /** The charge points connected now, by id. */
  connected(): string[];
  /** A charge point's last messages, oldest first. */
  messages(chargePointId: string): ChargePointMessage[];
  /** Its last messages where they are kept: in a cluster, on the node its connection is held by. */
  findMessages(chargePointId: string): Promise<ChargePointMessage[]>;
  /** Calls a connected charge point and answers its payload; rejects when it cannot. */
  call(
    chargePointId: string,
    action: string,
    payload: Record<string, unknown>,
  ): Promise<Record<string, unknown>>;
}

/** Where the running back end is found. */
export class ChargingBackendSlot {
  private current: ChargingBackend | null = null;

  /** The back end running now, or null. */
  get(): ChargingBackend | null {
    return this.current;
  }

  /** Attaches `backend` while it runs; the function returned detaches it. */
  attach(backend: ChargingBackend): () => void {
    this.current = backend;
    return () => {
      if (this.current === backend) this.current = null;
    };
  }
}
