// Where the CSMS finds the gateway devices that follow its charge points: each driver made for a device with
// `source: ocpp://<id>` is kept here with its device, and the CSMS of the same site looks them up by the
// site's devices when it starts (the runtime makes the drivers before the servers start).

import type { Device } from '../../site/model.js';
import type { ChargePointListener } from './charge-point-listener.js';

const listeners = new WeakMap<Device, { chargePointId: string; listener: ChargePointListener }>();

export function followChargePoint(
  device: Device,
  chargePointId: string,
  listener: ChargePointListener,
): void {
  listeners.set(device, { chargePointId, listener });
}

/** The listeners of the site's devices, by charge point id. */
export function listenersOf(devices: readonly Device[]): Map<string, ChargePointListener> {
  const byId = new Map<string, ChargePointListener>();
  for (const device of devices) {
    const found = listeners.get(device);
    if (found) byId.set(found.chargePointId, found.listener);
  }
  return byId;
}
