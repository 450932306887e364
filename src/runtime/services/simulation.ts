// What a protocol agent sees of the simulated devices it speaks for (a charge point for each simulated
// charger, later a transmitter for each detector): it hands a device requests, sets the signals the
// device reads, and follows the device's events as they happen (docs/behaviour.md).

import type { BehaviourEvent, DeviceRequest } from '../../behaviours/behaviour.js';
import type { Device } from '../../site/model.js';

export type DeviceEventListener = (device: Device, ts: number, event: BehaviourEvent) => void;

export interface SimulationService {
  /** Whether a behaviour simulates the device (false for a real device read by a connector). */
  simulated(deviceId: string): boolean;
  /** Hands the device a request for its next step; why it cannot, or null. */
  request(deviceId: string, request: DeviceRequest): string | null;
  /**
   * Sets a signal the devices read (docs/behaviour.md, "signals") for device `deviceId` (a protocol agent's, such
   * as a charge point's `ev/<id>/ocppLink`); null removes it. On a node of a cluster that runs the device, the
   * other nodes get it too (through the change feed, as the device's own signals).
   */
  setSignal(deviceId: string, name: string, value: number | null): void;
  /** A signal's value now (a device's own, such as `ev/<id>/linkFault`), undefined when none is set. */
  signal(name: string): number | undefined;
  /** Follows every device's events as they happen; returns what stops it. */
  followEvents(listener: DeviceEventListener): () => void;
}

/** The parts of a Runtime the service stands on. */
export interface SimulationSources {
  readonly runners: ReadonlyMap<string, unknown>;
  readonly signals: Map<string, number>;
  setAgentSignal(deviceId: string, name: string, value: number | null): void;
  request(deviceId: string, request: DeviceRequest): string | null;
  followEvents(listener: DeviceEventListener): () => void;
}

export function simulationService(runtime: SimulationSources): SimulationService {
  return {
    simulated: (deviceId) => runtime.runners.has(deviceId),
    request: (deviceId, request) => runtime.request(deviceId, request),
    setSignal: (deviceId, name, value) => runtime.setAgentSignal(deviceId, name, value),
    signal: (name) => runtime.signals.get(name),
    followEvents: (listener) => runtime.followEvents(listener),
  };
}
