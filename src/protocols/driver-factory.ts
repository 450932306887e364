// The runtime's driver factory made of the plug-ins' connectors: a device whose `source.kind` is a plug-in's
// name is run by that plug-in's connector; any other (`sim`) has no driver (its behaviour runs it).

import type { DriverFactory } from '../runtime/device-driver.js';
import type { ProtocolPlugin } from './plugin.js';

export function driverFactoryOf(plugins: readonly ProtocolPlugin[]): DriverFactory {
  const byKind = new Map<string, DriverFactory>();
  for (const plugin of plugins) if (plugin.connector) byKind.set(plugin.name, plugin.connector);
  return (device, host) => byKind.get(device.source.kind)?.(device, host) ?? null;
}
