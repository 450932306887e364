// Where the CSMS finds the gateway devices that follow its charge points: each driver made for a device with
// `source: ocpp://<id>` is kept here with its device (the runtime makes a new one each time a node of a cluster
// gives the device up, for its next takeover), and the CSMS of the same site gets, for each charge point id,
// a listener that forwards to the device's driver of the moment. The link (the way to call the charge point)
// is kept with the device, so that a driver made while the charge point is connected is linked at once; and
// while it is connected, the CSMS's node asks to run the device (in a cluster the device moves to the node
// that holds the charge point's WebSocket, the only one that can read it and call it).

import type { Device } from '../../site/model.js';
import type { ChargePointListener, CsmsCall } from './charge-point-listener.js';

interface Follower {
  chargePointId: string;
  driver: ChargePointListener;
  /** The charge point's link while it is connected to this node's CSMS. */
  call: CsmsCall | null;
}

const followers = new WeakMap<Device, Follower>();

/** `driver` now follows charge point `chargePointId` for `device` (linked at once if it is connected). */
export function followChargePoint(device: Device, chargePointId: string, driver: ChargePointListener): void {
  const before = followers.get(device);
  const call = before?.chargePointId === chargePointId ? before.call : null;
  followers.set(device, { chargePointId, driver, call });
  if (call) driver.link(call);
}

/**
 * The CSMS's listener of each charge point that feeds one of `devices`, by charge point id; `want` is told
 * when the charge point connects to this CSMS (true) and when it leaves (false), with the device's id.
 */
export function listenersOf(
  devices: readonly Device[],
  want: (deviceId: string, wanted: boolean) => void = () => {},
): Map<string, ChargePointListener> {
  const byId = new Map<string, ChargePointListener>();
  for (const device of devices) {
    const found = followers.get(device);
    if (!found) continue;
    const now = () => followers.get(device) as Follower;
    byId.set(found.chargePointId, {
      link(call) {
        now().call = call;
        now().driver.link(call);
        want(device.id, call !== null);
      },
      statusNotification: (notification) => now().driver.statusNotification(notification),
      meterValues: (connectorId, values) => now().driver.meterValues(connectorId, values),
      transaction: (connectorId, transactionId) => now().driver.transaction(connectorId, transactionId),
    });
  }
  return byId;
}
