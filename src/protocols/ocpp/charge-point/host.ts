// The host interface: what the OCPP charge-point engine asks of the charger it speaks for, and what that
// charger tells the engine. The simulated EV charger implements `ChargerHost` and calls the engine's
// `ChargerEvents` (ChargePoint implements them); the engine never reaches into a behaviour, and a behaviour
// never sees OCPP messages. One connector (connector 1); connector 0 is the charge point as a whole.

import type { StopReason } from '../../../behaviours/ev-charger/ocpp-terms.js';

/** OCPP 1.6 ChargePointStatus of a connector. */
export type ConnectorStatus =
  | 'Available'
  | 'Preparing'
  | 'Charging'
  | 'SuspendedEV'
  | 'SuspendedEVSE'
  | 'Finishing'
  | 'Reserved'
  | 'Unavailable'
  | 'Faulted';

/** OCPP 1.6 ChargePointErrorCode. */
export const CHARGE_POINT_ERROR_CODES = [
  'ConnectorLockFailure',
  'EVCommunicationError',
  'GroundFailure',
  'HighTemperature',
  'InternalError',
  'LocalListConflict',
  'NoError',
  'OtherError',
  'OverCurrentFailure',
  'PowerMeterFailure',
  'PowerSwitchFailure',
  'ReaderFailure',
  'ResetFailure',
  'UnderVoltage',
  'OverVoltage',
  'WeakSignal',
] as const;
export type ChargePointErrorCode = (typeof CHARGE_POINT_ERROR_CODES)[number];

/** OCPP 1.6 StopTransaction reason: the charger's own words for how a session ended. */
export type { StopReason };

/** The measurands a charger may be asked for (OCPP 1.6 Measurand, the ones an AC charger can measure). */
export const MEASURANDS = [
  'Energy.Active.Import.Register',
  'Power.Active.Import',
  'Current.Import',
  'Current.Offered',
  'Voltage',
  'Frequency',
  'Power.Factor',
  'Temperature',
  'SoC',
] as const;
export type Measurand = (typeof MEASURANDS)[number];

/** A reading in the OCPP unit of its measurand (Wh, W, A, V, Hz, Celsius, Percent; Power.Factor unitless). */
export interface Reading {
  value: number;
  unit: string;
}

/** Connector 1 as the charger sees it now. */
export interface ConnectorState {
  status: ConnectorStatus;
  errorCode: ChargePointErrorCode;
  /** Free text for the CSMS (at most 50 characters). */
  info?: string;
}

/** What the engine asks of its charger. Each call answers at once; none blocks. */
export interface ChargerHost {
  /** Connector 1's status and error code now. */
  connectorState(): ConnectorState;
  /** The reading of `measurand` now, or null when the charger does not measure it. */
  read(measurand: Measurand): Reading | null;
  /**
   * Starts a session for `idTag` (RemoteStartTransaction, already authorized as the configuration says):
   * false when the connector cannot (no car and none expected, faulted, unavailable). The charger later
   * reports the session with `sessionStarted`.
   */
  startSession(idTag: string): boolean;
  /** Stops the session under way for `reason`; the charger reports it with `sessionStopped`. */
  stopSession(reason: StopReason): void;
  /** Releases the connector's lock (UnlockConnector, after any session was stopped). */
  unlock(): 'Unlocked' | 'UnlockFailed' | 'NotSupported';
  /** Takes the connector in or out of service (ChangeAvailability). */
  setAvailability(operative: boolean): void;
  /** Restarts the charger (Reset), after any session was stopped; the engine reconnects and boots. */
  reset(type: 'Soft' | 'Hard'): void;
  /** The charging-profile limit in A from now on, or null when no profile limits the charger. */
  setLimit(amps: number | null): void;
}

/** A session as the charger reports it. */
export interface SessionStart {
  idTag: string;
  /** Energy.Active.Import.Register at the start, Wh. */
  meterStartWh: number;
  /** Epoch ms (the engine's clock when absent). */
  at?: number;
}

export interface SessionStop {
  /** Energy.Active.Import.Register at the end, Wh. */
  meterStopWh: number;
  reason: StopReason;
  /** The card that stopped the session, when one did. */
  idTag?: string;
  at?: number;
}

/** What the charger tells the engine. */
export interface ChargerEvents {
  /** The connector's status or error code changed: the engine sends a StatusNotification if it differs. */
  statusChanged(): void;
  /** A card was presented: resolves with whether it may start (or stop) a session (Authorize or local list). */
  cardPresented(idTag: string): Promise<boolean>;
  /** A transaction began: resolves once its StartTransaction is durable in the outbox. */
  sessionStarted(start: SessionStart): Promise<void>;
  /** The transaction ended: resolves once its StopTransaction is durable in the outbox. */
  sessionStopped(stop: SessionStop): Promise<void>;
}
