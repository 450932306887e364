// What the CSMS tells whoever follows one charge point (a gateway device, ocpp://<id>): its link, its
// status notifications and its meter values, as they arrive (payloads already checked against OCPP 1.6's
// schemas).

export interface StatusNotification {
  connectorId: number;
  errorCode: string;
  status: string;
  info?: string;
  timestamp?: string;
  vendorErrorCode?: string;
}

export interface SampledValue {
  value: string;
  context?: string;
  format?: string;
  measurand?: string;
  phase?: string;
  location?: string;
  unit?: string;
}

export interface MeterValue {
  timestamp: string;
  sampledValue: SampledValue[];
}

/** How the CSMS calls a charge point: the answer's payload, or a rejection (not connected, timeout, CALLERROR). */
export type CsmsCall = (action: string, payload: Record<string, unknown>) => Promise<Record<string, unknown>>;

export interface ChargePointListener {
  /** The charge point's WebSocket opened (with the way to call it) or closed (null). */
  link(call: CsmsCall | null): void;
  statusNotification(notification: StatusNotification): void;
  meterValues(connectorId: number, values: readonly MeterValue[]): void;
  /** A transaction started (its id) or stopped (null) on a connector. */
  transaction(connectorId: number, transactionId: number | null): void;
}
