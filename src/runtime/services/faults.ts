// The faults each device's behaviour models: listed with whether each is active, injected and cleared. In a
// cluster a fault is injected on the node that runs the device (an owner call), whichever node was asked.

import type { DeviceRunner } from '../device-runner.js';
import type { OwnerCalls } from './owner-calls.js';

/** The kind of the owner call that injects or clears a fault on the node running the device. */
export const FAULT_CALL = 'fault';

/** One fault of one device. */
export interface FaultState {
  /** The device's id and name. */
  device: string;
  name: string;
  fault: string;
  active: boolean;
}

export interface FaultsService {
  /**
   * Every device's faults in site order (one device's with `device`); null when there is no such device. In a
   * cluster, `active` is what this node knows: the faults of the devices it runs.
   */
  list(device?: string): FaultState[] | null;
  /**
   * Injects (`active`) or clears a fault in the name of `by`, on the node running the device; resolves with why
   * it cannot, or null once done.
   */
  set(device: string, fault: string, active: boolean, by: string): Promise<string | null>;
}

export function faultsService(
  runners: ReadonlyMap<string, DeviceRunner>,
  setFault: (device: string, fault: string, active: boolean, by: string) => string | null,
  calls: OwnerCalls,
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
    async set(device, fault, active, by) {
      if (!runners.has(device)) return setFault(device, fault, active, by); // its refusal, said here
      try {
        await calls.call(device, FAULT_CALL, { fault, active, by });
        return null;
      } catch (err) {
        return (err as Error).message;
      }
    },
  };
}
