// One simulated charger of the fleet as a charge point: its SimulatedCharger (the host) and its ChargePoint
// engine opened from the shared outbox. A transaction the outbox still holds that the charger no longer has
// (the process stopped or was killed, or another node ran the charger until it was taken over: a simulated
// charger's session is not kept) ends as OCPP has a power loss end it.

import type { Logger } from '../../../core/logger.js';
import type { Services } from '../../../runtime/services/services.js';
import type { Device } from '../../../site/model.js';
import { ChargePoint } from '../charge-point/charge-point.js';
import { LAST_REGISTER_KEY } from '../charge-point/meter-sampler.js';
import type { RpcClient } from '../charge-point/rpc.js';
import { measuredPointsOf } from './measured-points.js';
import { SimulatedCharger } from './simulated-charger.js';

/** Where the charge points connect and how they say who they are. */
export interface FleetTarget {
  /** Each charger's link when not a WebSocket to `url` (in memory under `simulate`). */
  client?: (deviceId: string) => RpcClient;
  /** The CSMS's OCPP-J URL; each charger's id (its device id) is appended. */
  url: string;
  password: string | null;
  ca: string | null;
  meterValueSampleInterval: number;
}

export interface FleetMember {
  charger: SimulatedCharger;
  cp: ChargePoint;
  /** The link was dropped for an `offline` fault (restored when it clears). */
  cut: boolean;
}

/**
 * StopTransaction PowerLoss at the highest register known — the charger's, or the one last sent — for a
 * transaction recovered from the outbox that the charger does not have. `takenOver`: the charger's behaviour
 * was just started again on this node (a takeover), so it has no session whatever its shared points still say.
 */
async function endLostTransaction(
  services: Services,
  charger: SimulatedCharger,
  cp: ChargePoint,
  takenOver: boolean,
): Promise<void> {
  const tx = cp.transaction;
  if (!tx || !(takenOver || charger.idle)) return;
  const saved = Number((await services.outbox.loadState(cp.id)).get(LAST_REGISTER_KEY) ?? 0);
  const now = charger.read('Energy.Active.Import.Register')?.value ?? 0;
  const wh = Math.max(now, Number.isFinite(saved) ? saved : 0, tx.meterStartWh);
  charger.raiseRegister(wh);
  await cp.sessionStopped({ meterStopWh: wh, reason: 'PowerLoss', at: services.clock.now() });
}

/** Opens `device`'s charge point (not yet started) from what the shared outbox kept. */
export async function openMember(
  services: Services,
  device: Device,
  target: FleetTarget,
  log: Logger,
  takenOver: boolean,
): Promise<FleetMember> {
  const warn = (message: string) => log.warn({ chargePoint: device.id }, message);
  const measured = measuredPointsOf(services, device);
  const charger = new SimulatedCharger(services, device, measured, warn);
  const sampled = ['Energy.Active.Import.Register', ...measured.keys()];
  const cp = await ChargePoint.open({
    settings: {
      url: target.url,
      id: device.id,
      ...(target.password !== null ? { password: target.password } : {}),
      ...(target.ca !== null ? { ca: target.ca } : {}),
      vendor: 'Pointyard',
      model: device.profile.name.slice(0, 20),
      configuration: {
        MeterValuesSampledData: [...new Set(sampled)].join(','),
        MeterValueSampleInterval: String(target.meterValueSampleInterval),
      },
    },
    host: charger,
    clock: services.clock,
    store: services.outbox,
    log: warn,
    onConnection: (online) => charger.online(online),
    ...(target.client ? { client: target.client(device.id) } : {}),
  });
  charger.attach(cp);
  charger.online(false);
  await endLostTransaction(services, charger, cp, takenOver);
  return { charger, cp, cut: false };
}
