// The OCPP 1.6-J plug-in: the points lists' OCPP column (measurands of MeterValues, messages), the CSMS
// (server-service.ts: charge points connect to it, their transactions go to the store), and gateway mode
// (`source: ocpp://<chargePointId>`: a site device fed by a charge point that connects to the CSMS).

import type { DriverFactory } from '../../runtime/device-driver.js';
import { isConnectorSource } from '../../site/model.js';
import type { ProtocolPlugin } from '../plugin.js';
import { ocppSourceOf, ocppSourceSupport } from './device-source.js';
import { OcppGatewayDriver } from './gateway-driver.js';
import { followChargePoint } from './gateway-listeners.js';
import { ocppColumn } from './ocpp-column.js';
import { ocppSimulation } from './ocpp-simulation.js';
import { ocppServerSchema } from './server-schema.js';
import { ocppServerService } from './server-service.js';

const ocppDriverFor: DriverFactory = (device, host) => {
  const source = ocppSourceOf(device);
  if (!source) return null;
  const disabled = isConnectorSource(device.source) && device.source.disabled === true;
  const driver = new OcppGatewayDriver(device, host, source, disabled);
  followChargePoint(device, source.chargePointId, driver);
  return driver;
};

export const ocppPlugin: ProtocolPlugin = {
  name: 'ocpp',
  title: 'OCPP 1.6-J',
  columns: [ocppColumn],
  serverSchema: ocppServerSchema,
  server: ocppServerService,
  source: ocppSourceSupport,
  connector: ocppDriverFor,
  simulation: ocppSimulation,
};
