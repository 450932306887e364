// The names the points lists' OCPP column may hold: OCPP 1.6's measurands and phases (MeterValues'
// SampledValue), and the messages a point follows or becomes (StatusNotification, RemoteStartTransaction…).

/** OCPP 1.6 Measurand values (OCPP-J 1.6 schemas, SampledValue.measurand). */
export const MEASURANDS = [
  'Current.Export',
  'Current.Import',
  'Current.Offered',
  'Energy.Active.Export.Register',
  'Energy.Active.Import.Register',
  'Energy.Reactive.Export.Register',
  'Energy.Reactive.Import.Register',
  'Energy.Active.Export.Interval',
  'Energy.Active.Import.Interval',
  'Energy.Reactive.Export.Interval',
  'Energy.Reactive.Import.Interval',
  'Frequency',
  'Power.Active.Export',
  'Power.Active.Import',
  'Power.Factor',
  'Power.Offered',
  'Power.Reactive.Export',
  'Power.Reactive.Import',
  'RPM',
  'SoC',
  'Temperature',
  'Voltage',
] as const;

export type Measurand = (typeof MEASURANDS)[number];

/** OCPP 1.6 Phase values (SampledValue.phase). */
export const PHASES = ['L1', 'L2', 'L3', 'N', 'L1-N', 'L2-N', 'L3-N', 'L1-L2', 'L2-L3', 'L3-L1'] as const;

export type Phase = (typeof PHASES)[number];

/**
 * The messages a point may name: what a status point follows (StatusNotification) and what a write of a
 * command point becomes (the CSMS's calls).
 */
export const MESSAGES = [
  'StatusNotification',
  'RemoteStartTransaction',
  'RemoteStopTransaction',
  'SetChargingProfile',
  'ClearChargingProfile',
  'UnlockConnector',
  'ChangeAvailability',
  'Reset',
  'TriggerMessage',
  'BootNotification',
  'Heartbeat',
  'Authorize',
  'StartTransaction',
  'StopTransaction',
  'DataTransfer',
] as const;

export type MessageName = (typeof MESSAGES)[number];
