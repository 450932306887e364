// The site's simulated chargers as OCPP 1.6-J charge points: one ChargePoint engine (charge-point/) per
// simulated device whose points list makes it a charge point (a point fed by StatusNotification), each with
// its SimulatedCharger as host, connected to the built-in CSMS or a foreign one. One listener follows every
// device's events and one subscription the status points, dispatched to the charger they concern; a check
// every second drops and restores the link of a charger under an `offline` fault.

import type { TimerHandle } from '../../../core/clock.js';
import type { Logger } from '../../../core/logger.js';
import type { Services } from '../../../runtime/services/services.js';
import type { Device } from '../../../site/model.js';
import { ChargePoint } from '../charge-point/charge-point.js';
import { LAST_REGISTER_KEY } from '../charge-point/meter-sampler.js';
import type { RpcClient } from '../charge-point/rpc.js';
import { isChargePoint, measuredPointsOf } from './measured-points.js';
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

interface Member {
  charger: SimulatedCharger;
  cp: ChargePoint;
  /** The link was dropped for an `offline` fault (restored when it clears). */
  cut: boolean;
}

const CHECK_MS = 1000;

/**
 * A transaction the charge point recovered from its outbox that its charger no longer has (the process
 * stopped or was killed: a simulated charger's session is not kept) ends as OCPP has a power loss end it:
 * StopTransaction PowerLoss at the highest register known — the charger's, or the one last sent.
 */
async function endLostTransaction(
  services: Services,
  charger: SimulatedCharger,
  cp: ChargePoint,
): Promise<void> {
  const tx = cp.transaction;
  if (!tx || !charger.idle) return;
  const saved = Number((await services.outbox.loadState(cp.id)).get(LAST_REGISTER_KEY) ?? 0);
  const now = charger.read('Energy.Active.Import.Register')?.value ?? 0;
  const wh = Math.max(now, Number.isFinite(saved) ? saved : 0, tx.meterStartWh);
  charger.raiseRegister(wh);
  await cp.sessionStopped({ meterStopWh: wh, reason: 'PowerLoss', at: services.clock.now() });
}

/** The devices of the site that are simulated charge points. */
export function chargePointDevices(services: Services): Device[] {
  return services.site.devices.filter((d) => services.simulation.simulated(d.id) && isChargePoint(d));
}

export class ChargePointFleet {
  private readonly byIndex = new Map<number, SimulatedCharger>();
  private unfollow: () => void = () => {};
  private unsubscribe: () => void = () => {};
  private timer: TimerHandle | null = null;
  private stopped = false;

  private constructor(
    private readonly services: Services,
    private readonly members: Map<string, Member>,
  ) {}

  /** Opens a charge point for each simulated charger and connects them all. */
  static async start(services: Services, target: FleetTarget, log: Logger): Promise<ChargePointFleet> {
    const members = new Map<string, Member>();
    for (const device of chargePointDevices(services)) {
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
      await endLostTransaction(services, charger, cp);
      members.set(device.id, { charger, cp, cut: false });
    }
    const fleet = new ChargePointFleet(services, members);
    fleet.follow();
    for (const m of members.values()) m.cp.start();
    return fleet;
  }

  /** How many charge points the fleet runs. */
  get size(): number {
    return this.members.size;
  }

  /** A charge point of the fleet, by its device id. */
  chargePoint(deviceId: string): ChargePoint | undefined {
    return this.members.get(deviceId)?.cp;
  }

  private follow(): void {
    for (const m of this.members.values())
      for (const index of m.charger.statusIndices) this.byIndex.set(index, m.charger);
    this.unfollow = this.services.simulation.followEvents((device, ts, event) =>
      this.members.get(device.id)?.charger.onEvent(ts, event),
    );
    const subscription = this.services.points.subscribe((index) => this.byIndex.get(index)?.onStatusPoint(), {
      increment: null,
    });
    this.unsubscribe = () => subscription.close();
    this.scheduleCheck();
  }

  /** Drops the link of a charger an `offline` fault cuts off, and restores it when the fault clears. */
  private scheduleCheck(): void {
    if (this.stopped) return;
    this.timer = this.services.clock.at(this.services.clock.now() + CHECK_MS, () => {
      for (const m of this.members.values()) {
        const fault = m.charger.linkFault;
        if (fault && !m.cut) {
          m.cut = true;
          void m.cp.stop().then(() => m.charger.online(false));
        } else if (!fault && m.cut) {
          m.cut = false;
          m.cp.start();
        }
      }
      this.scheduleCheck();
    });
  }

  /** Closes every charge point's link; what is queued stays in the outbox for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    this.unfollow();
    this.unsubscribe();
    await Promise.all([...this.members.values()].map((m) => m.cp.stop()));
  }
}
