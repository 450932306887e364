// Names of the signals devices exchange through the runtime (StepResult.signals → StepInputs.signals).
// The car park and the EV chargers are the coupled devices of a site:
//
//   published by each charger, every step            published by the parking server, every step
//   ev/<id>/available  1 when a car can plug in        ev/<id>/plugins  cars sent to this charger so far
//   ev/<id>/managed    1 when Load Management Enable    ev/<id>/limitA   current this charger may draw
//                      is on and Charge Mode is SMART                    (load management share), A
//   ev/<id>/demandA    current the car would draw now
//                      without load management, A
//   ev/<id>/powerKw    active power now, kW
//   ev/<id>/energyKwh  energy of the current session
//   ev/<id>/phases, ev/<id>/voltageV  electrics, to turn a kW limit into amperes
//   ev/<id>/linkFault  1 while an `offline` fault cuts the
//                      charger from its central system
//   ev/<id>/meterWh    the meter register, Wh (lifetime)
//
// A charger that is an OCPP charge point also reads what its charge-point agent publishes for it:
//   ev/<id>/ocppLink    1 while the charge point is connected to its central system, 0 while it is not
//                       (absent: the charger is not on OCPP, the `offline` fault alone says it is offline)
//   ev/<id>/ocppLimitA  the charging-profile limit in force, A (absent or NaN: none)
//
// `plugins` is a running total, never decremented: a charger keeps the total it has seen in its state and
// takes one arriving car per unit of difference, so neither side writes into the other.

export type ChargerSignal =
  | 'available'
  | 'managed'
  | 'demandA'
  | 'powerKw'
  | 'energyKwh'
  | 'phases'
  | 'voltageV'
  | 'linkFault'
  | 'meterWh';
export type CarParkSignal = 'plugins' | 'limitA';
export type ChargePointSignal = 'ocppLink' | 'ocppLimitA';

export function evSignal(deviceId: string, name: ChargerSignal | CarParkSignal | ChargePointSignal): string {
  return `ev/${deviceId}/${name}`;
}

/** Ids of the chargers publishing signals, in name order (a stable order for deterministic choices). */
export function chargerIds(signals: ReadonlyMap<string, number>): string[] {
  const ids: string[] = [];
  for (const name of signals.keys()) {
    if (name.startsWith('ev/') && name.endsWith('/available')) ids.push(name.slice(3, -'/available'.length));
  }
  return ids.sort();
}
