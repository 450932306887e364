// The car park's load management over OCPP (behaviour.md, "Load management"): the share of the site's EV
// power limit the parking server gives each managed charger (its `ev/<id>/limitA` signal) reaches a charger
// that is a charge point of this CSMS as a ChargePointMaxProfile, since a charge point takes its limits from
// profiles only. Every second the shares that moved are sent — the decreases first, and the increases only
// once every decrease was accepted, so that the chargers together never draw more than the limit while their
// profiles change. A charger no longer managed has its profile cleared. In a cluster one node does it for
// every charge point of the site, wherever it is connected: the node playing the `ocpp-load-sharing` role,
// through the charging back end's calls (to another node's charge point, an owner call), so that the order of
// decreases and increases holds across the nodes; it knows a simulated charger connected to another node by
// its `ev/<id>/ocppLink` signal, which the feed brings.

import type { TimerHandle } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { ChargingBackend, Services } from '../../runtime/services/services.js';

/** The node-wide role of the node that shares the limit in a cluster (alone, this Pointyard plays it). */
export const LOAD_SHARING_ROLE = 'ocpp-load-sharing';

/** The profile's id and stack level: one per charge point, replaced at each change. */
export const SHARE_PROFILE_ID = 900;
const ROUND_MS = 1000;
/** A share that moved less than this is not sent again, A. */
const STEP_A = 0.1;

const round1 = (x: number) => Math.round(x * 10) / 10;

/** The profile that caps a charge point at `amps`, from now on. */
export function shareProfile(amps: number, now: number): Record<string, unknown> {
  return {
    connectorId: 0,
    csChargingProfiles: {
      chargingProfileId: SHARE_PROFILE_ID,
      stackLevel: 0,
      chargingProfilePurpose: 'ChargePointMaxProfile',
      chargingProfileKind: 'Absolute',
      chargingSchedule: {
        startSchedule: new Date(now).toISOString(),
        chargingRateUnit: 'A',
        chargingSchedulePeriod: [{ startPeriod: 0, limit: amps }],
      },
    },
  };
}

export class LoadSharing {
  /** The share each charge point holds now (A), or null once cleared. */
  private readonly sent = new Map<string, number | null>();
  private timer: TimerHandle | null = null;
  private busy = false;
  private stopped = false;
  private connected = new Set<string>();

  constructor(
    private readonly services: Services,
    private readonly backend: ChargingBackend,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
  }

  private schedule(): void {
    if (this.stopped) return;
    const clock = this.services.clock;
    this.timer = clock.at(clock.now() + ROUND_MS, () => {
      if (!this.busy) {
        this.busy = true;
        void this.round().finally(() => {
          this.busy = false;
        });
      }
      this.schedule();
    });
  }

  /** The shares of the charge points connected now that the car park manages, or null when not managed. */
  private wanted(): Map<string, number | null> {
    const sim = this.services.simulation;
    const wanted = new Map<string, number | null>();
    for (const id of this.connected) {
      const share = sim.signal(`ev/${id}/limitA`);
      if (share === undefined) continue; // not a charger the car park shares the limit with
      wanted.set(id, sim.signal(`ev/${id}/managed`) === 1 ? round1(share) : null);
    }
    return wanted;
  }

  /** Sends the shares that moved: decreases (and clears) first, increases once those are in force. */
  private async round(): Promise<void> {
    if (!this.services.roles.holds(LOAD_SHARING_ROLE)) {
      this.sent.clear(); // another node shares the limit; taking the role, this one starts afresh
      return;
    }
    this.connected = new Set(this.backend.connected());
    if (this.services.cluster.get() !== null) for (const id of this.linkedElsewhere()) this.connected.add(id);
    const down: Array<[string, number | null]> = [];
    const up: Array<[string, number]> = [];
    for (const [id, share] of this.wanted()) {
      const held = this.sent.get(id);
      if (share === null) {
        if (held !== undefined && held !== null) down.push([id, null]);
      } else if (held === undefined || held === null || share < held - STEP_A / 2) down.push([id, share]);
      else if (share > held + STEP_A / 2) up.push([id, share]);
    }
    // A charge point gone keeps nothing here: it gets its share again when it is back.
    for (const id of this.sent.keys()) if (!this.connected.has(id)) this.sent.delete(id);
    const results = await Promise.all(down.map(([id, share]) => this.send(id, share)));
    if (results.every(Boolean)) await Promise.all(up.map(([id, share]) => this.send(id, share)));
  }

  /** The site's simulated chargers whose charge point is connected (on any node), by their link signal. */
  private linkedElsewhere(): string[] {
    const sim = this.services.simulation;
    return this.services.site.devices.map((d) => d.id).filter((id) => sim.signal(`ev/${id}/ocppLink`) === 1);
  }

  /** One profile sent (or cleared); whether the charge point took it. */
  private async send(id: string, share: number | null): Promise<boolean> {
    try {
      const answer =
        share === null
          ? await this.backend.call(id, 'ClearChargingProfile', { id: SHARE_PROFILE_ID })
          : await this.backend.call(id, 'SetChargingProfile', shareProfile(share, this.services.clock.now()));
      if (answer.status !== 'Accepted' && !(share === null && answer.status === 'Unknown')) {
        this.log.warn(
          { chargePoint: id, share, status: answer.status },
          'load share refused by the charge point',
        );
        return false;
      }
      this.sent.set(id, share);
      return true;
    } catch (err) {
      this.log.warn({ chargePoint: id, share, err: (err as Error).message }, 'load share not sent');
      return false;
    }
  }
}
