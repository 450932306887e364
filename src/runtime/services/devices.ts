// Devices as a protocol sees them beyond their points: whether a device is read through a connector (a real
// device in gateway mode) and, if so, its connector's status as a whole (docs/connectors.md, "Status").

import type { DeviceDriver } from '../device-driver.js';

export type ConnectorStatus = DeviceDriver['status'];

export interface DevicesService {
  /** The status of the connector reading the device, or null for a device its behaviour simulates. */
  connectorStatus(deviceId: string): ConnectorStatus | null;
}

export function devicesService(drivers: ReadonlyMap<string, DeviceDriver>): DevicesService {
  return {
    connectorStatus: (deviceId) => drivers.get(deviceId)?.status ?? null,
  };
}
