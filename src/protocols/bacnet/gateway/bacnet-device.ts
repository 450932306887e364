// Gateway mode: a site device read from a real BACnet/IP device through its profile's BACnet objects, as a
// connector (src/connectors) with the BACnet dispatch. Devices behind one host:port (one router) share one
// link, that is one UDP socket.

import { connectorDriverFactory } from '../../../connectors/driver.js';
import { isConnectorSource } from '../../../site/model.js';
import { bacnetSourceOf } from '../device-source.js';
import { BacnetDispatch } from './bacnet-dispatch.js';

/** The runtime's driver factory for BACnet sources. */
export const bacnetDriverFor = connectorDriverFactory((device) => {
  const source = bacnetSourceOf(device);
  if (source === null || !isConnectorSource(device.source)) return null;
  const { staleMs, disabled } = device.source;
  return {
    protocol: new BacnetDispatch(device, source),
    settings: {
      host: source.host,
      port: source.port,
      staleAfterMs: staleMs ?? 0,
      disabled: disabled ?? false,
    },
  };
});
