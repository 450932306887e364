// The site's simulated chargers as OCPP 1.6-J charge points: one ChargePoint engine (charge-point/) per
// simulated device whose points list makes it a charge point (a point fed by StatusNotification), each with
// its SimulatedCharger as host, connected to the built-in CSMS or a foreign one. One listener follows every
// device's events and one subscription the status points, dispatched to the charger they concern; a check
// every second drops and restores the link of a charger under an `offline` fault.
//
// A charger's charge point runs where its device runs (services.ownership): alone, every one from the start;
// on a node of a cluster, from when the node takes the device over until it loses it (its WebSocket then
// closed cleanly; what is queued stays in the shared outbox for the node that takes it over).

import type { TimerHandle } from '../../../core/clock.js';
import type { Logger } from '../../../core/logger.js';
import type { Services } from '../../../runtime/services/services.js';
import type { Device } from '../../../site/model.js';
import type { ChargePoint } from '../charge-point/charge-point.js';
import { type FleetMember, type FleetTarget, openMember } from './fleet-member.js';
import { isChargePoint } from './measured-points.js';
import type { SimulatedCharger } from './simulated-charger.js';

export type { FleetTarget } from './fleet-member.js';

const CHECK_MS = 1000;

/** The devices of the site that are simulated charge points. */
export function chargePointDevices(services: Services): Device[] {
  return services.site.devices.filter((d) => services.simulation.simulated(d.id) && isChargePoint(d));
}

export class ChargePointFleet {
  private readonly members = new Map<string, FleetMember>();
  private readonly byIndex = new Map<number, SimulatedCharger>();
  /** Each charger's last start or stop, so that a takeover and a loss of one device run in order. */
  private readonly changes = new Map<string, Promise<void>>();
  private readonly devices: Map<string, Device>;
  private unfollow: () => void = () => {};
  private unsubscribe: () => void = () => {};
  private unwatchOwnership: () => void = () => {};
  private timer: TimerHandle | null = null;
  private stopped = false;

  private constructor(
    private readonly services: Services,
    private readonly target: FleetTarget,
    private readonly log: Logger,
  ) {
    this.devices = new Map(chargePointDevices(services).map((d) => [d.id, d]));
  }

  /** Opens and connects a charge point for each simulated charger this node runs, and follows who runs them. */
  static async start(services: Services, target: FleetTarget, log: Logger): Promise<ChargePointFleet> {
    const fleet = new ChargePointFleet(services, target, log);
    fleet.follow();
    fleet.unwatchOwnership = services.ownership.onChange((device, owned) => {
      if (fleet.devices.has(device)) fleet.change(device, owned, true);
    });
    // On a node of a cluster every device it runs was taken over (its behaviour started again), even those it
    // took before this fleet started.
    const clustered = services.cluster.get() !== null;
    for (const id of fleet.devices.keys()) if (services.ownership.owns(id)) fleet.change(id, true, clustered);
    await Promise.all(fleet.changes.values());
    return fleet;
  }

  /** How many simulated chargers the site has (each runs here, or on the node of a cluster that runs it). */
  get chargers(): number {
    return this.devices.size;
  }

  /** How many charge points run on this node now. */
  get size(): number {
    return this.members.size;
  }

  /** A charge point running here, by its device id. */
  chargePoint(deviceId: string): ChargePoint | undefined {
    return this.members.get(deviceId)?.cp;
  }

  /** Starts (`owned`) or stops a charger's charge point, after whatever was under way for it. */
  private change(id: string, owned: boolean, takenOver: boolean): void {
    const previous = this.changes.get(id) ?? Promise.resolve();
    const next = previous
      .then(() => (owned ? this.add(id, takenOver) : this.remove(id)))
      .catch((err: Error) =>
        this.log.warn({ chargePoint: id, err: err.message }, 'OCPP: charge point not started or stopped'),
      );
    this.changes.set(id, next);
  }

  private async add(id: string, takenOver: boolean): Promise<void> {
    const device = this.devices.get(id);
    if (!device || this.stopped || this.members.has(id) || !this.services.ownership.owns(id)) return;
    const member = await openMember(this.services, device, this.target, this.log, takenOver);
    // Lost again (or the fleet stopped) while it opened: it never connects here.
    if (this.stopped || !this.services.ownership.owns(id)) return;
    this.members.set(id, member);
    for (const index of member.charger.statusIndices) this.byIndex.set(index, member.charger);
    member.cp.start();
  }

  private async remove(id: string): Promise<void> {
    const member = this.members.get(id);
    if (!member) return;
    this.members.delete(id);
    for (const index of member.charger.statusIndices) this.byIndex.delete(index);
    await member.cp.stop();
  }

  private follow(): void {
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
    this.unwatchOwnership();
    this.unfollow();
    this.unsubscribe();
    await Promise.all(this.changes.values());
    await Promise.all([...this.members.values()].map((m) => m.cp.stop()));
    this.members.clear();
  }
}
