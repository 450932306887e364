// Gateway mode: a site device read from a real Modbus TCP device through its profile's register map, as a
// connector (src/connectors) with the Modbus dispatch. Devices behind one host:port share one connection.

import { connectorDriverFactory } from '../../../connectors/driver.js';
import { ModbusDispatch } from './modbus-dispatch.js';

/** The runtime's driver factory for Modbus sources. */
export const modbusDriverFor = connectorDriverFactory((device) => {
  const source = device.source;
  if (source.kind !== 'modbus') return null;
  return {
    protocol: new ModbusDispatch(device, source),
    settings: {
      host: source.host,
      port: source.port,
      staleAfterMs: source.staleMs ?? 0,
      disabled: source.disabled ?? false,
    },
  };
});
