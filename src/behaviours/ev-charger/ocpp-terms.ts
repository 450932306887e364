// The words the charger and its OCPP charge-point agent share (ocpp-link.ts): the stop reasons and what the
// agent's signals say at a step.

/** OCPP 1.6 Reason of a StopTransaction, for each way a session ends here. */
export type StopReason =
  | 'EmergencyStop'
  | 'EVDisconnected'
  | 'HardReset'
  | 'Local'
  | 'Other'
  | 'PowerLoss'
  | 'Reboot'
  | 'Remote'
  | 'SoftReset'
  | 'UnlockCommand'
  | 'DeAuthorized';

/** What the agent says now: whether the charger is on OCPP, connected, and the profile limit. */
export interface OcppLinkInputs {
  attached: boolean;
  online: boolean;
  /** Charging-profile limit, A; NaN: none. */
  limitA: number;
}
