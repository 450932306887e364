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
  | 'voltageV';
export type CarParkSignal = 'plugins' | 'limitA';

export function evSignal(deviceId: string, name: ChargerSignal | CarParkSignal): string {
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
