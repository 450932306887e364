// The charging back end as the ops see it (services.chargingBackend), on a node of a cluster as alone. Every
// node runs a central system and a charge point's WebSocket lands on any one of them; a call to a charge point
// (remote start or stop, unlock, the web UI's and the API's) made on a node it is not connected to reaches the
// node that holds its connection through owner calls (kind `ocpp.call`): first the node that runs the device
// of the same id (a simulated charger connects to the central system of the node that runs it), then each
// other live node in turn, addressed through a device it runs. A node that does not hold the connection
// answers so and the next is asked; a refusal by the charge point itself (a CALLERROR, no answer in time) is
// the answer and no other node is asked. A charge point's message log is read on the node that holds its
// connection (kind `ocpp.messages`; this node's own when none does). The list of connected charge points is
// this node's.

import type { ChargePointMessage } from '../../runtime/services/charging-backend.js';
import { OwnerCallError } from '../../runtime/services/owner-calls.js';
import type { ChargingBackend, Services } from '../../runtime/services/services.js';
import { type Csms, CsmsCallError } from './csms.js';

/** The owner-call kind of a call to a charge point connected to the node that runs it. */
export const OCPP_CALL = 'ocpp.call';
/** The owner-call kind of a charge point's message log, read on the node it is connected to. */
export const OCPP_MESSAGES = 'ocpp.messages';

interface CallRequest {
  chargePointId: string;
  action: string;
  payload: Record<string, unknown>;
}

/** What a node answers: it does not hold the charge point's connection, or what it found (an answer, an error). */
type Held<T> = { connected: false } | ({ connected: true } & T);
type CallOutcome = Held<{ answer: Record<string, unknown> } | { error: string }>;
type MessagesOutcome = Held<{ messages: ChargePointMessage[] }>;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function callRequestOf(payload: unknown): CallRequest {
  if (
    isRecord(payload) &&
    typeof payload.chargePointId === 'string' &&
    typeof payload.action === 'string' &&
    isRecord(payload.payload)
  )
    return payload as unknown as CallRequest;
  throw new OwnerCallError(`${OCPP_CALL}: expected { chargePointId, action, payload }`);
}

function chargePointOf(payload: unknown): string {
  if (isRecord(payload) && typeof payload.chargePointId === 'string') return payload.chargePointId;
  throw new OwnerCallError(`${OCPP_MESSAGES}: expected { chargePointId }`);
}

export class ClusterChargingBackend implements ChargingBackend {
  constructor(
    private readonly services: Services,
    private readonly csms: Csms,
  ) {}

  /** Answers the other nodes' calls to the charge points connected here; returns what stops it. */
  serve(): () => void {
    const { ownerCalls } = this.services;
    const stopCalls = ownerCalls.handle(OCPP_CALL, async (_device, payload): Promise<CallOutcome> => {
      const { chargePointId, action, payload: body } = callRequestOf(payload);
      if (!this.holds(chargePointId)) return { connected: false };
      try {
        return { connected: true, answer: await this.csms.call(chargePointId, action, body) };
      } catch (err) {
        return { connected: true, error: (err as Error).message };
      }
    });
    const stopMessages = ownerCalls.handle(OCPP_MESSAGES, (_device, payload): MessagesOutcome => {
      const chargePointId = chargePointOf(payload);
      if (!this.holds(chargePointId)) return { connected: false };
      return { connected: true, messages: this.csms.messages(chargePointId) };
    });
    return () => {
      stopCalls();
      stopMessages();
    };
  }

  /** The charge points connected to this node's central system. */
  connected(): string[] {
    return this.csms.connected();
  }

  /** A charge point's last messages as this node's central system saw them. */
  messages(chargePointId: string): ChargePointMessage[] {
    return this.csms.messages(chargePointId);
  }

  /** Its last messages as the node holding its connection keeps them; this node's when none holds it. */
  async findMessages(chargePointId: string): Promise<ChargePointMessage[]> {
    if (!this.holds(chargePointId)) {
      const { outcome } = await this.askHolder<MessagesOutcome>(chargePointId, OCPP_MESSAGES, {
        chargePointId,
      });
      if (outcome) return outcome.messages;
    }
    return this.csms.messages(chargePointId);
  }

  async call(
    chargePointId: string,
    action: string,
    payload: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    if (this.holds(chargePointId) || this.routesTo(chargePointId).length === 0)
      return this.csms.call(chargePointId, action, payload);
    const { outcome, unreachable } = await this.askHolder<CallOutcome>(chargePointId, OCPP_CALL, {
      chargePointId,
      action,
      payload,
    });
    if (outcome) {
      if ('error' in outcome) throw new CsmsCallError(outcome.error);
      return outcome.answer;
    }
    const why = unreachable.length > 0 ? ` (not reached: ${unreachable.join('; ')})` : '';
    throw new CsmsCallError(
      `charge point ${chargePointId} is not connected to any node of the cluster${why}`,
    );
  }

  private holds(chargePointId: string): boolean {
    return this.csms.connected().includes(chargePointId);
  }

  /**
   * Asks the other nodes in turn until one holds the charge point's connection: its outcome, or null when
   * none does (with why the nodes that could not be asked were not).
   */
  private async askHolder<T extends Held<object>>(
    chargePointId: string,
    kind: string,
    payload: unknown,
  ): Promise<{ outcome: Exclude<T, { connected: false }> | null; unreachable: string[] }> {
    const unreachable: string[] = [];
    for (const device of this.routesTo(chargePointId)) {
      let outcome: T;
      try {
        outcome = (await this.services.ownerCalls.call(device, kind, payload)) as T;
      } catch (err) {
        unreachable.push((err as Error).message);
        continue;
      }
      if (outcome.connected) return { outcome: outcome as Exclude<T, { connected: false }>, unreachable };
    }
    return { outcome: null, unreachable };
  }

  /**
   * The devices through which the other nodes are asked, one per node: the device of the charge point's id
   * first (its owner), then a device of each other live node. Alone there is none.
   */
  private routesTo(chargePointId: string): string[] {
    const { ownership, site } = this.services;
    const routes: string[] = [];
    const asked = new Set<string>();
    const snapshot = this.services.cluster.get()?.snapshot() ?? null;
    if (site.devices.some((d) => d.id === chargePointId) && !ownership.owns(chargePointId)) {
      routes.push(chargePointId);
      const owner = snapshot?.devices.find((d) => d.device === chargePointId)?.owner;
      if (owner) asked.add(owner);
    }
    for (const node of snapshot?.nodes ?? []) {
      if (node.self || !node.live || asked.has(node.name)) continue;
      const device = node.devices.find((d) => !ownership.owns(d));
      if (device === undefined) continue;
      asked.add(node.name);
      routes.push(device);
    }
    return routes;
  }
}
