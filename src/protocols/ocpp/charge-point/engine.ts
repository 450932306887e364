// What the parts of a charge point (its handlers of the CSMS's calls, its meter sampler, its transaction
// recovery) see of the ChargePoint that holds them: an interface, so that they do not import it.

import type { Clock } from '../../../core/clock.js';
import type { OutboxStore } from '../../../store/outbox.js';
import type { ChargingProfile, LimitContext } from './charging-profile.js';
import type { ChargingProfiles } from './charging-profiles.js';
import type { Configuration } from './configuration.js';
import type { CsmsLink } from './csms-link.js';
import type { ChargerHost, ConnectorState } from './host.js';
import type { LocalList } from './local-list.js';
import type { TransactionQueue } from './transaction-queue.js';

/** Where the charge point is with its CSMS. */
export type LinkState = 'stopped' | 'connecting' | 'booting' | 'pending' | 'rejected' | 'accepted';

/** The transaction under way on connector 1. */
export interface OpenTransaction {
  /** Minus the seq of its StartTransaction in the outbox. */
  localId: number;
  /** The id the CSMS gave, once it answered the StartTransaction. */
  id?: number;
  idTag: string;
  startedAt: number;
  meterStartWh: number;
}

export type SampledKey = 'MeterValuesSampledData' | 'MeterValuesAlignedData';
export type SampleContext = 'Sample.Periodic' | 'Sample.Clock' | 'Trigger';

/** The meter values on the clock (meter-sampler.ts). */
export interface Sampler {
  scheduleSampling(): void;
  scheduleAligned(): void;
  stop(): void;
  send(key: SampledKey, context: SampleContext): Promise<void>;
}

export interface ChargePointEngine {
  readonly id: string;
  readonly host: ChargerHost;
  readonly clock: Clock;
  readonly store: OutboxStore;
  readonly config: Configuration;
  readonly profiles: ChargingProfiles;
  readonly localList: LocalList;
  readonly queue: TransactionQueue;
  readonly link: CsmsLink;
  readonly sampler: Sampler;
  readonly state: LinkState;
  readonly online: boolean;
  readonly transaction: OpenTransaction | null;
  readonly transactionId: number | undefined;
  readonly operative: boolean;
  scheduledOperative: boolean | null;
  pendingTxProfile: ChargingProfile | null;
  log(message: string): void;
  background(what: string, work: Promise<unknown>): void;
  call(action: string, payload: Record<string, unknown>): Promise<Record<string, unknown>>;
  boot(): Promise<void>;
  heartbeat(): void;
  scheduleHeartbeat(): void;
  authorize(idTag: string): Promise<string>;
  connectorState(): ConnectorState;
  chargePointState(): ConnectorState;
  sendStatus(connectorId: number, s: ConnectorState, always?: boolean): void;
  setOperative(operative: boolean): Promise<void>;
  limitContext(): LimitContext;
  applyLimit(): void;
}
