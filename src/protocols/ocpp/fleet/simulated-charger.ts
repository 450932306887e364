// A simulated EV charger as the host of its OCPP charge point (charge-point/host.ts). What the engine asks
// is read from the charger's points and signals, or handed to the charger as a request for its next step
// (the vocabulary of src/behaviours/ev-charger/ocpp-link.ts); what the charger does — its events — is told
// to the engine. The charger never sees an OCPP message and the engine never reaches into the behaviour.

import type { BehaviourEvent } from '../../../behaviours/behaviour.js';
import type { Services, Value } from '../../../runtime/services/services.js';
import type { Device } from '../../../site/model.js';
import {
  CHARGE_POINT_ERROR_CODES,
  type ChargePointErrorCode,
  type ChargerEvents,
  type ChargerHost,
  type ConnectorState,
  type Measurand,
  type Reading,
  type StopReason,
} from '../charge-point/host.js';

/** A point that measures what a measurand asks, and how its value becomes the measurand's unit. */
export interface MeasuredPoint {
  index: number;
  /** Multiplies the point's value into `unit` (1000 for kW → W). */
  scale: number;
  unit: string;
}

/** The charger's points the statuses are made of (the EV charger's points list). */
const STATUS_POINTS = [
  'charger-status',
  'connector-status',
  'session-status',
  'fault-code',
  'cable-connected',
  'output-current',
] as const;

const ERROR_CODES: ReadonlySet<string> = new Set(CHARGE_POINT_ERROR_CODES);

export class SimulatedCharger implements ChargerHost {
  private engine: ChargerEvents | null = null;
  /** A status check is due once the step under way has published all its points. */
  private statusDue = false;
  private readonly index = new Map<string, number>();
  /** The status points' indices, whose changes may change the OCPP status. */
  readonly statusIndices: number[] = [];

  constructor(
    private readonly services: Services,
    readonly device: Device,
    private readonly measured: ReadonlyMap<Measurand, MeasuredPoint>,
    /** Told when the engine could not take what the charger did (the outbox refusing a write…). */
    private readonly warn: (message: string) => void,
  ) {
    for (const id of STATUS_POINTS) {
      const i = services.points.indexOf(`${device.id}.${id}`);
      if (i === undefined) continue;
      this.index.set(id, i);
      this.statusIndices.push(i);
    }
  }

  /** The engine this charger tells of what it does. */
  attach(engine: ChargerEvents): void {
    this.engine = engine;
  }

  private signal(name: string): string {
    return `ev/${this.device.id}/${name}`;
  }

  private value(id: (typeof STATUS_POINTS)[number]): Value | undefined {
    const i = this.index.get(id);
    return i === undefined ? undefined : this.services.points.read(i).value;
  }

  private request(kind: string, data: Record<string, unknown> = {}): void {
    this.services.simulation.request(this.device.id, { kind, data });
  }

  /** The OCPP link opened (the boot accepted) or was lost: OCPP Connection and Charger Status follow it. */
  online(up: boolean): void {
    this.services.simulation.setSignal(this.device.id, this.signal('ocppLink'), up ? 1 : 0);
  }

  /** Whether an `offline` fault cuts the charger from its central system now. */
  get linkFault(): boolean {
    return this.services.simulation.signal(this.signal('linkFault')) === 1;
  }

  connectorState(): ConnectorState {
    const fault = String(this.value('fault-code') ?? 'NoError');
    const errorCode = (ERROR_CODES.has(fault) ? fault : 'OtherError') as ChargePointErrorCode;
    const connector = this.value('connector-status');
    const session = this.value('session-status');
    if (connector === 'FAULTED' || session === 'FAULT')
      return { status: 'Faulted', errorCode: errorCode === 'NoError' ? 'OtherError' : errorCode };
    if (session === 'CHARGING') {
      // Current flows, or the charger holds it back (a limit below the minimum, Charge Enable DISABLE).
      const current = this.value('output-current');
      return { status: typeof current === 'number' && current > 0 ? 'Charging' : 'SuspendedEVSE', errorCode };
    }
    if (this.value('cable-connected') === true)
      return { status: session === 'COMPLETE' ? 'Finishing' : 'Preparing', errorCode };
    if (connector === 'UNAVAILABLE') return { status: 'Unavailable', errorCode };
    return { status: 'Available', errorCode };
  }

  read(measurand: Measurand): Reading | null {
    if (measurand === 'Energy.Active.Import.Register') {
      // The lifetime register, not the session's Energy Delivered: meterStart/meterStop are read on it.
      const wh = this.services.simulation.signal(this.signal('meterWh'));
      return wh === undefined ? null : { value: wh, unit: 'Wh' };
    }
    const m = this.measured.get(measurand);
    if (!m) return null;
    const v = this.services.points.read(m.index).value;
    return typeof v === 'number' ? { value: v * m.scale, unit: m.unit } : null;
  }

  /** No session under way on the charger (as after a restart: a simulated charger's session is not kept). */
  get idle(): boolean {
    return this.value('session-status') !== 'CHARGING';
  }

  /** The register is at least `wh` from the charger's next step on. */
  raiseRegister(wh: number): void {
    this.request('meter-floor', { wh });
  }

  startSession(idTag: string): boolean {
    if (this.value('cable-connected') !== true || this.value('session-status') === 'CHARGING') return false;
    this.request('remote-start', { idTag });
    return true;
  }

  stopSession(reason: StopReason): void {
    this.request('stop', { reason });
  }

  unlock(): 'Unlocked' | 'UnlockFailed' | 'NotSupported' {
    this.request('unlock');
    return 'Unlocked';
  }

  setAvailability(operative: boolean): void {
    this.request('availability', { operative });
  }

  reset(type: 'Soft' | 'Hard'): void {
    this.request('reset', { type });
  }

  setLimit(amps: number | null): void {
    this.services.simulation.setSignal(this.device.id, this.signal('ocppLimitA'), amps);
  }

  /** One of the charger's events: the engine is told of cards, transactions and what changes the status. */
  onEvent(ts: number, event: BehaviourEvent): void {
    const engine = this.engine;
    if (!engine) return;
    const data = event.data ?? {};
    switch (event.kind) {
      case 'rfid-presented': {
        const idTag = String(data.idTag);
        void engine.cardPresented(idTag).then(
          (ok) => this.request('authorize-result', { idTag, status: ok ? 'Accepted' : 'Invalid' }),
          // No answer: the charger decides on its own after its timeout.
          (err: Error) => this.warn(`Authorize of ${idTag}: ${err.message}`),
        );
        break;
      }
      case 'session-start':
        void engine
          .sessionStarted({ idTag: String(data.idTag), meterStartWh: Number(data.meterStartWh), at: ts })
          .catch((err: Error) => this.warn(`StartTransaction not queued: ${err.message}`));
        break;
      case 'session-end':
      case 'session-complete':
        void engine
          .sessionStopped({
            meterStopWh: Number(data.meterStopWh),
            reason: (data.ocppReason as StopReason | undefined) ?? 'Other',
            at: ts,
          })
          .catch((err: Error) => this.warn(`StopTransaction not queued: ${err.message}`));
        break;
    }
    this.onStatusPoint();
  }

  /**
   * A status point changed: the engine sends a StatusNotification if the OCPP status differs — once the step
   * has published all its points (a step turns Output Current to 0 before Session Status to COMPLETE, and
   * between the two the status would read SuspendedEVSE for an instant).
   */
  onStatusPoint(): void {
    if (this.statusDue || !this.engine) return;
    this.statusDue = true;
    queueMicrotask(() => {
      this.statusDue = false;
      this.engine?.statusChanged();
    });
  }
}
