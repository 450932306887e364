// Gateway mode: a site device read from a real Modbus TCP device through its profile's register map, as a
// connector (src/connectors) with the Modbus dispatch. Devices behind one host:port share one connection.

import { connectorDriverFactory } from '../../../connectors/driver.js';
import { isConnectorSource } from '../../../site/model.js';
import { modbusSourceOf } from '../device-source.js';
import { ModbusDispatch } from './modbus-dispatch.js';

/** The runtime's driver factory for Modbus sources. */
export const modbusDriverFor = connectorDriverFactory((device) => {
  const source = modbusSourceOf(device);
  if (source === null || !isConnectorSource(device.source)) return null;
  const { staleMs, disabled } = device.source;
  return {
    protocol: new ModbusDispatch(device, source),
    settings: {
      host: source.host,
      port: source.port,
      staleAfterMs: staleMs ?? 0,
      disabled: disabled ?? false,
    },
  };
});
