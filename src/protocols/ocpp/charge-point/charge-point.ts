// One OCPP 1.6-J charge point speaking for one charger (its `ChargerHost`): connects to the CSMS, boots,
// sends heartbeats, statuses, authorizations, transactions and meter values, answers the CSMS's calls
// (csms-calls.ts), and keeps transaction messages in the durable outbox while the CSMS cannot be reached.
// Every time it keeps (heartbeat, sampling, boot retries, reconnection) runs on the injected clock.

import type { Clock, TimerHandle } from '../../../core/clock.js';
import type { OutboxStore } from '../../../store/outbox.js';
import { type ChargingProfile, type LimitContext, limitAt, nextChangeAfter } from './charging-profile.js';
import { ChargingProfiles, PROFILES_STATE_KEY } from './charging-profiles.js';
import { Configuration } from './configuration.js';
import { registerCsmsCalls } from './csms-calls.js';
import { CsmsLink } from './csms-link.js';
import type { ChargePointEngine, LinkState, OpenTransaction } from './engine.js';
import type { ChargerEvents, ChargerHost, ConnectorState, SessionStart, SessionStop } from './host.js';
import { LOCAL_LIST_STATE_KEY, LocalList } from './local-list.js';
import { MeterSampler } from './meter-sampler.js';
import { isoTime, meterValue } from './meter-values.js';
import type { RpcClient } from './rpc.js';
import { type ChargePointSettings, checkChargePointSettings } from './settings.js';
import { TransactionQueue } from './transaction-queue.js';
import { recoverTransaction } from './transaction-recovery.js';

export type { LinkState, OpenTransaction } from './engine.js';

export interface ChargePointOptions {
  settings: ChargePointSettings;
  host: ChargerHost;
  clock: Clock;
  store: OutboxStore;
  /** Told of what the charge point does that a person may want to know (refusals, give-ups). */
  log?: (message: string) => void;
  /** Told when the link to the CSMS opens (and the CSMS accepted the boot) or is lost. */
  onConnection?: (online: boolean) => void;
  /** The link's client when it is not a WebSocket to `settings.url` (an in-memory link under `simulate`). */
  client?: RpcClient;
}

const TRANSACTION_KEY = 'transaction';
const OPERATIVE_KEY = 'operative';
const DEFAULT_BOOT_RETRY_S = 60;

export class ChargePoint implements ChargerEvents, ChargePointEngine {
  readonly config: Configuration;
  readonly profiles: ChargingProfiles;
  readonly localList: LocalList;
  readonly queue: TransactionQueue;
  readonly link: CsmsLink;
  readonly sampler: MeterSampler;
  readonly host: ChargerHost;
  readonly clock: Clock;
  readonly store: OutboxStore;
  readonly id: string;
  readonly settings: ChargePointSettings;
  state: LinkState = 'stopped';
  transaction: OpenTransaction | null;
  /** Connector 1 in service (ChangeAvailability), and a change scheduled for the end of the transaction. */
  operative: boolean;
  scheduledOperative: boolean | null = null;
  /** A TxProfile sent with RemoteStartTransaction, installed when its transaction starts. */
  pendingTxProfile: ChargingProfile | null = null;
  /** Tells a person what the charge point did that they may want to know. */
  readonly log: (message: string) => void;
  private readonly onConnection: (online: boolean) => void;
  private lastStatus = new Map<number, string>();
  private heartbeatTimer: TimerHandle | null = null;
  private bootTimer: TimerHandle | null = null;
  private limitTimer: TimerHandle | null = null;
  private appliedLimit: number | null | undefined = undefined;

  /**
   * Opens the charge point with what its store kept (configuration, transaction, profiles, local list);
   * rejects settings it cannot use (a URL that is not ws:// or wss://, an id too long…).
   */
  static async open(options: ChargePointOptions): Promise<ChargePoint> {
    const problem = checkChargePointSettings(options.settings);
    if (problem) throw new Error(`charge point ${JSON.stringify(options.settings.id)}: ${problem}`);
    const saved = await options.store.loadState(options.settings.id);
    const cp = new ChargePoint(options, saved);
    const recovered = recoverTransaction(cp.transaction, await options.store.pending(cp.id));
    if (recovered !== cp.transaction) {
      cp.transaction = recovered;
      await cp.saveTransaction();
    }
    return cp;
  }

  private constructor(options: ChargePointOptions, saved: Map<string, string>) {
    const s = options.settings;
    this.id = s.id;
    this.settings = s;
    this.host = options.host;
    this.clock = options.clock;
    this.store = options.store;
    this.log = options.log ?? (() => {});
    this.onConnection = options.onConnection ?? (() => {});
    this.config = new Configuration(saved, s.configuration);
    this.profiles = new ChargingProfiles(saved.get(PROFILES_STATE_KEY));
    this.localList = new LocalList(saved.get(LOCAL_LIST_STATE_KEY));
    const tx = saved.get(TRANSACTION_KEY);
    this.transaction = tx ? (JSON.parse(tx) as OpenTransaction) : null;
    this.operative = saved.get(OPERATIVE_KEY) !== 'false';
    this.queue = new TransactionQueue({
      store: this.store,
      chargePoint: this.id,
      clock: this.clock,
      config: this.config,
      saved,
      onStarted: (localId, answer) => this.transactionAnswered(localId, answer),
      log: this.log,
    });
    this.link = new CsmsLink(
      s,
      this.clock,
      { open: () => this.linkOpened(), close: () => this.linkClosed() },
      this.config.number('WebSocketPingInterval'),
      options.client,
    );
    this.sampler = new MeterSampler(this);
    registerCsmsCalls(this);
  }

  /** Connects (and keeps reconnecting) to the CSMS; resumes sampling a transaction kept across a restart. */
  start(): void {
    this.state = 'connecting';
    this.link.start();
    this.sampler.scheduleSampling();
    this.sampler.scheduleAligned();
    this.applyLimit();
  }

  /** Closes the link and stops every timer; what is queued stays in the store. */
  async stop(): Promise<void> {
    this.state = 'stopped';
    for (const t of [this.heartbeatTimer, this.bootTimer, this.limitTimer]) t?.cancel();
    this.sampler.stop();
    this.queue.stop();
    await this.link.stop();
  }

  /** Runs work nobody waits for: a failure (the store refusing a write…) is logged, never thrown away. */
  background(what: string, work: Promise<unknown>): void {
    work.catch((err: Error) => this.log(`${what} failed: ${err.message}`));
  }

  /** Whether the CSMS accepted the charge point and the link is up. */
  get online(): boolean {
    return this.state === 'accepted' && this.link.open;
  }

  /** The id of the transaction under way as the CSMS knows it (the local id until it answered). */
  get transactionId(): number | undefined {
    const tx = this.transaction;
    return tx ? (tx.id ?? this.queue.resolve(tx.localId) ?? tx.localId) : undefined;
  }

  /** Sends a call now: for messages that are not queued (they fail when the link is down). */
  call(action: string, payload: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.link.call(action, payload);
  }

  // ── The link and the boot ──

  private linkOpened(): void {
    this.state = 'booting';
    this.lastStatus.clear();
    this.background('BootNotification', this.boot());
  }

  private linkClosed(): void {
    const wasOnline = this.state === 'accepted';
    if (this.state !== 'stopped') this.state = 'connecting';
    this.queue.offline();
    this.heartbeatTimer?.cancel();
    this.bootTimer?.cancel();
    if (wasOnline) this.onConnection(false);
  }

  /** BootNotification until Accepted; Pending and Rejected wait the interval the CSMS gives. */
  async boot(): Promise<void> {
    this.bootTimer = null;
    if (!this.link.open) return;
    const settings = this.settings;
    let answer: Record<string, unknown>;
    try {
      answer = await this.call('BootNotification', {
        chargePointVendor: settings.vendor,
        chargePointModel: settings.model,
        ...(settings.serialNumber ? { chargePointSerialNumber: settings.serialNumber } : {}),
        ...(settings.firmwareVersion ? { firmwareVersion: settings.firmwareVersion } : {}),
      });
    } catch (err) {
      this.log(`BootNotification failed: ${(err as Error).message}`);
      if (this.link.open) this.retryBoot(DEFAULT_BOOT_RETRY_S);
      return;
    }
    const interval = answer.interval as number;
    if (answer.status === 'Accepted') {
      if (interval > 0)
        await this.store.saveState(this.id, this.config.set('HeartbeatInterval', String(interval)));
      this.accepted();
      return;
    }
    this.state = answer.status === 'Pending' ? 'pending' : 'rejected';
    this.retryBoot(interval > 0 ? interval : DEFAULT_BOOT_RETRY_S);
  }

  private retryBoot(seconds: number): void {
    this.bootTimer = this.clock.at(this.clock.now() + seconds * 1000, () =>
      this.background('BootNotification', this.boot()),
    );
  }

  private accepted(): void {
    this.state = 'accepted';
    this.onConnection(true);
    this.sendStatus(0, this.chargePointState(), true);
    this.sendStatus(1, this.connectorState(), true);
    this.queue.online((action, payload) => this.call(action, payload));
    this.scheduleHeartbeat();
  }

  // ── Heartbeat, statuses ──

  scheduleHeartbeat(): void {
    this.heartbeatTimer?.cancel();
    this.heartbeatTimer = null;
    const interval = this.config.number('HeartbeatInterval');
    if (interval <= 0 || this.state !== 'accepted') return;
    this.heartbeatTimer = this.clock.at(this.clock.now() + interval * 1000, () => {
      this.heartbeatTimer = null;
      this.heartbeat();
      this.scheduleHeartbeat();
    });
  }

  heartbeat(): void {
    if (this.online) this.call('Heartbeat', {}).catch((err) => this.log(`Heartbeat failed: ${err.message}`));
  }

  /** Connector 1's state: Unavailable when taken out of service (unless faulted). */
  connectorState(): ConnectorState {
    const s = this.host.connectorState();
    if (!this.operative && s.status !== 'Faulted' && !this.transaction)
      return { ...s, status: 'Unavailable' };
    return s;
  }

  /** The charge point as a whole (connector 0): Available, or Unavailable when taken out of service. */
  chargePointState(): ConnectorState {
    return { status: this.operative ? 'Available' : 'Unavailable', errorCode: 'NoError' };
  }

  /** Sends a StatusNotification for `connectorId` when its status or error code changed (or `always`). */
  sendStatus(connectorId: number, s: ConnectorState, always = false): void {
    const key = `${s.status}/${s.errorCode}/${s.info ?? ''}`;
    if (!always && this.lastStatus.get(connectorId) === key) return;
    if (!this.online) return; // the boot sends every connector's status when the link is back
    this.lastStatus.set(connectorId, key);
    this.call('StatusNotification', {
      connectorId,
      status: s.status,
      errorCode: s.errorCode,
      ...(s.info ? { info: s.info.slice(0, 50) } : {}),
      timestamp: isoTime(this.clock.now()),
    }).catch((err) => this.log(`StatusNotification failed: ${err.message}`));
  }

  // ── What the charger tells ──

  statusChanged(): void {
    this.sendStatus(1, this.connectorState());
  }

  async cardPresented(idTag: string): Promise<boolean> {
    const now = this.clock.now();
    const listed = this.config.flag('LocalAuthListEnabled') && this.localList.accepts(idTag, now);
    if (listed && this.config.flag('LocalPreAuthorize')) return true;
    if (this.online) {
      try {
        return (await this.authorize(idTag)) === 'Accepted';
      } catch (err) {
        this.log(`Authorize failed: ${(err as Error).message}`);
      }
    }
    return listed && this.config.flag('LocalAuthorizeOffline');
  }

  /** Authorize at the CSMS: the status of the id tag. */
  async authorize(idTag: string): Promise<string> {
    const answer = await this.call('Authorize', { idTag });
    return (answer.idTagInfo as { status: string }).status;
  }

  async sessionStarted(start: SessionStart): Promise<void> {
    const at = start.at ?? this.clock.now();
    const meterStart = Math.round(start.meterStartWh);
    const seq = await this.queue.add('StartTransaction', {
      connectorId: 1,
      idTag: start.idTag,
      meterStart,
      timestamp: isoTime(at),
    });
    this.transaction = { localId: -seq, idTag: start.idTag, startedAt: at, meterStartWh: meterStart };
    await this.saveTransaction();
    if (this.pendingTxProfile) {
      this.profiles.set(1, this.pendingTxProfile, this.transactionId);
      this.pendingTxProfile = null;
      await this.store.saveState(this.id, this.profiles.state());
    }
    this.sampler.scheduleSampling();
    this.applyLimit();
  }

  async sessionStopped(stop: SessionStop): Promise<void> {
    const tx = this.transaction;
    if (!tx) {
      this.log('a session stopped without a transaction under way: nothing to send');
      return;
    }
    const at = stop.at ?? this.clock.now();
    const end = meterValue(this.host, this.config.measurands('StopTxnSampledData'), 'Transaction.End', at);
    await this.queue.add('StopTransaction', {
      transactionId: tx.id ?? tx.localId,
      meterStop: Math.round(stop.meterStopWh),
      timestamp: isoTime(at),
      reason: stop.reason,
      ...(stop.idTag ? { idTag: stop.idTag } : {}),
      ...(end ? { transactionData: [end] } : {}),
    });
    this.transaction = null;
    this.sampler.scheduleSampling(); // none without a transaction
    const profilesChanged = this.profiles.endTransaction();
    await this.store.saveState(
      this.id,
      new Map([[TRANSACTION_KEY, null], ...(profilesChanged ? this.profiles.state() : [])]),
    );
    if (this.scheduledOperative !== null) {
      await this.setOperative(this.scheduledOperative);
      this.scheduledOperative = null;
    }
    this.applyLimit();
  }

  /** Takes connector 1 in or out of service, durably, and tells the charger and the CSMS. */
  async setOperative(operative: boolean): Promise<void> {
    this.operative = operative;
    await this.store.saveState(this.id, new Map([[OPERATIVE_KEY, String(operative)]]));
    this.host.setAvailability(operative);
    this.sendStatus(0, this.chargePointState());
    this.sendStatus(1, this.connectorState());
  }

  /** Saves the transaction under way (or its end). */
  saveTransaction(): Promise<void> {
    const value = this.transaction ? JSON.stringify(this.transaction) : null;
    return this.store.saveState(this.id, new Map([[TRANSACTION_KEY, value]]));
  }

  /** The CSMS answered a StartTransaction: the transaction's id, and a stop when it refused the id tag. */
  private transactionAnswered(localId: number, answer: Record<string, unknown>): void {
    const tx = this.transaction;
    if (!tx || tx.localId !== localId) return;
    tx.id = answer.transactionId as number;
    this.background('saving the transaction id', this.saveTransaction());
    const status = (answer.idTagInfo as { status?: string } | undefined)?.status;
    if (status !== 'Accepted' && this.config.flag('StopTransactionOnInvalidId')) {
      this.log(`the CSMS refused id tag ${tx.idTag} (${status}): the session stops`);
      this.host.stopSession('DeAuthorized');
    }
  }

  // ── The charging-profile limit ──

  /** The limit context now: the transaction under way. */
  limitContext(): LimitContext {
    const tx = this.transaction;
    const id = this.transactionId;
    return tx ? { transaction: { startedAt: tx.startedAt, ...(id !== undefined ? { id } : {}) } } : {};
  }

  /** The charging-profile limit now, A (null: none). */
  limit(): number | null {
    return limitAt(this.profiles.installed, this.clock.now(), this.limitContext());
  }

  /** Tells the charger the limit when it changed, and looks again when a profile's next period starts. */
  applyLimit(): void {
    this.limitTimer?.cancel();
    this.limitTimer = null;
    if (this.state === 'stopped') return;
    const limit = this.limit();
    if (limit !== this.appliedLimit) {
      this.appliedLimit = limit;
      this.host.setLimit(limit);
    }
    const next = nextChangeAfter(this.profiles.installed, this.clock.now(), this.limitContext());
    if (next !== undefined) this.limitTimer = this.clock.at(next, () => this.applyLimit());
  }
}
