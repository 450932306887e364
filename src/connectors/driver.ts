// The runtime's driver factory for a protocol, built once on the connector framework: each device whose
// source the protocol reads gets a `Connector`, whose link is shared with the site's other connectors to
// the same host:port.

import type { DeviceDriver, DriverFactory, DriverHost } from '../runtime/device-driver.js';
import type { Device } from '../site/model.js';
import { Connector } from './connector.js';
import { LinkPool, type Transport } from './link.js';
import type { ConnectorProtocol, ConnectorSettings } from './protocol.js';

/** What a protocol makes of a device it reads: its dispatch and the framework's settings; null: not its. */
export type ConnectorPlan<T extends Transport, B> = {
  protocol: ConnectorProtocol<T, B>;
  settings: ConnectorSettings;
} | null;

/** A driver factory whose drivers are connectors sharing links per site (per driver host). */
export function connectorDriverFactory<T extends Transport, B>(
  plan: (device: Device) => ConnectorPlan<T, B>,
): DriverFactory {
  const pools = new WeakMap<DriverHost, LinkPool<T>>();
  return (device: Device, host: DriverHost): DeviceDriver | null => {
    const made = plan(device);
    if (!made) return null;
    let pool = pools.get(host);
    if (!pool) {
      pool = new LinkPool<T>(host.clock);
      pools.set(host, pool);
    }
    const { protocol, settings } = made;
    const link = pool.acquire(settings.host, settings.port, protocol.open);
    const owner = pool;
    return new Connector(device, host, link, () => owner.release(link), protocol, settings);
  };
}
