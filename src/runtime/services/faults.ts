// The faults each device's behaviour models: listed with whether each is active, injected and cleared.

import type { DeviceRunner } from '../device-runner.js';

/** One fault of one device. */
export interface FaultState {
  /** The device's id and name. */
  device: string;
  name: string;
  fault: string;
  active: boolean;
}

export interface FaultsService {
  /** Every device's faults in site order (one device's with `device`); null when there is no such device. */
  list(device?: string): FaultState[] | null;
  /** Injects (`active`) or clears a fault in the name of `by`; why it cannot, or null. */
  set(device: string, fault: string, active: boolean, by: string): string | null;
}

export function faultsService(
  runners: ReadonlyMap<string, DeviceRunner>,
  setFault: (device: string, fault: string, active: boolean, by: string) => string | null,
): FaultsService {
  return {
    list(only) {
      if (only !== undefined && !runners.has(only)) return null;
      const states: FaultState[] = [];
      for (const [id, runner] of runners) {
        if (only !== undefined && id !== only) continue;
        for (const fault of runner.behaviour.faults)
          states.push({ device: id, name: runner.device.name, fault, active: runner.faults.has(fault) });
      }
      return states;
    },
    set: setFault,
  };
}
