// Calls run on the node that runs a device. Some things can only be done where a device runs: a momentary
// action, a fault asked for by a person, an alarm acknowledged into its behaviour, a call to the charge point
// connected to that node's central system. A protocol or the runtime registers what a kind of call does
// (`handle`); `call` runs it here when this node runs the device (always, alone), and otherwise hands it to
// the cluster's transport, which runs it on the owning node (`runHere` there) and brings the answer back.
// Payloads and results are JSON values.

export type OwnerCallHandler = (device: string, payload: unknown) => Promise<unknown> | unknown;

/** A call refused or failed: its message says why, as the handler or the transport put it. */
export class OwnerCallError extends Error {
  override readonly name = 'OwnerCallError';
}

/** How a node of a cluster reaches the node that runs a device. */
export interface OwnerCallTransport {
  /** Runs `kind` on the node running `device`; rejects with an OwnerCallError on refusal, failure or timeout. */
  call(device: string, kind: string, payload: unknown, timeoutMs: number): Promise<unknown>;
}

export const DEFAULT_OWNER_CALL_TIMEOUT_MS = 10_000;

export class OwnerCalls {
  private readonly handlers = new Map<string, OwnerCallHandler>();
  private transport: OwnerCallTransport | null = null;

  constructor(private readonly owns: (device: string) => boolean) {}

  /** Registers what calls of `kind` do on the node running the device (one handler per kind). */
  handle(kind: string, handler: OwnerCallHandler): () => void {
    if (this.handlers.has(kind)) throw new Error(`owner calls: '${kind}' already has a handler`);
    this.handlers.set(kind, handler);
    return () => {
      if (this.handlers.get(kind) === handler) this.handlers.delete(kind);
    };
  }

  /** Runs `kind` for `device` on the node that runs it: here, or through the cluster. */
  async call(
    device: string,
    kind: string,
    payload: unknown,
    { timeoutMs = DEFAULT_OWNER_CALL_TIMEOUT_MS }: { timeoutMs?: number } = {},
  ): Promise<unknown> {
    if (this.owns(device)) return this.runHere(device, kind, payload);
    if (!this.transport)
      throw new OwnerCallError(`${device} runs on another node of the cluster, which cannot be reached now`);
    return this.transport.call(device, kind, payload, timeoutMs);
  }

  /** Runs a call on this node (it runs `device`): the handler's result; an OwnerCallError when it fails. */
  async runHere(device: string, kind: string, payload: unknown): Promise<unknown> {
    if (!this.owns(device)) throw new OwnerCallError(`${device} does not run on this node`);
    const handler = this.handlers.get(kind);
    if (!handler) throw new OwnerCallError(`no handler for '${kind}' on this node`);
    try {
      return await handler(device, payload);
    } catch (err) {
      if (err instanceof OwnerCallError) throw err;
      throw new OwnerCallError((err as Error).message);
    }
  }

  /** The cluster's transport while this node is one of a cluster; the function returned detaches it. */
  attach(transport: OwnerCallTransport): () => void {
    this.transport = transport;
    return () => {
      if (this.transport === transport) this.transport = null;
    };
  }
}
