// The charging profiles installed on the charge point: SetChargingProfile's checks and replacement rules,
// ClearChargingProfile's filters (OCPP 1.6 sections 5.16, 5.5 and 3.13), kept as one state entry.

import type { ChargingProfile, InstalledProfile } from './charging-profile.js';
import { MAX_PERIODS, MAX_PROFILES, MAX_STACK_LEVEL } from './configuration-keys.js';

export interface ClearFilter {
  id?: number;
  connectorId?: number;
  chargingProfilePurpose?: ChargingProfile['chargingProfilePurpose'];
  stackLevel?: number;
}

export const PROFILES_STATE_KEY = 'profiles';

export class ChargingProfiles {
  private list: InstalledProfile[];

  constructor(saved: string | undefined) {
    this.list = saved ? (JSON.parse(saved) as InstalledProfile[]) : [];
  }

  get installed(): InstalledProfile[] {
    return this.list;
  }

  /**
   * Installs `profile` on `connectorId` (Accepted) or refuses it (Rejected): a TxProfile needs a transaction
   * under way on that connector (and takes its id), a ChargePointMaxProfile goes on connector 0 only.
   * A profile replaces the one of the same id, and the one of the same purpose, stack level and connector.
   */
  set(
    connectorId: number,
    profile: ChargingProfile,
    transactionId: number | undefined,
  ): 'Accepted' | 'Rejected' {
    const p = structuredClone(profile);
    const s = p.chargingSchedule;
    if (connectorId > 1 || p.stackLevel > MAX_STACK_LEVEL || s.chargingSchedulePeriod.length > MAX_PERIODS)
      return 'Rejected';
    if (p.chargingProfilePurpose === 'ChargePointMaxProfile' && connectorId !== 0) return 'Rejected';
    if (p.chargingProfilePurpose === 'TxProfile') {
      if (connectorId !== 1 || transactionId === undefined) return 'Rejected';
      if (p.transactionId !== undefined && p.transactionId !== transactionId) return 'Rejected';
      p.transactionId = transactionId;
    }
    if (p.chargingProfileKind === 'Recurring' && (!p.recurrencyKind || !s.startSchedule)) return 'Rejected';
    if (s.chargingSchedulePeriod[0]?.startPeriod !== 0) return 'Rejected';
    const kept = this.list.filter(
      (i) =>
        i.profile.chargingProfileId !== p.chargingProfileId &&
        !(
          i.connectorId === connectorId &&
          i.profile.chargingProfilePurpose === p.chargingProfilePurpose &&
          i.profile.stackLevel === p.stackLevel
        ),
    );
    if (kept.length >= MAX_PROFILES) return 'Rejected';
    this.list = [...kept, { connectorId, profile: p }];
    return 'Accepted';
  }

  /** Removes the profiles the filter matches: Accepted when any was, Unknown otherwise. */
  clear(filter: ClearFilter): 'Accepted' | 'Unknown' {
    const matches = (i: InstalledProfile) =>
      filter.id !== undefined
        ? i.profile.chargingProfileId === filter.id
        : (filter.connectorId === undefined || i.connectorId === filter.connectorId) &&
          (filter.chargingProfilePurpose === undefined ||
            i.profile.chargingProfilePurpose === filter.chargingProfilePurpose) &&
          (filter.stackLevel === undefined || i.profile.stackLevel === filter.stackLevel);
    const kept = this.list.filter((i) => !matches(i));
    if (kept.length === this.list.length) return 'Unknown';
    this.list = kept;
    return 'Accepted';
  }

  /** Removes the TxProfiles of a transaction that ended (they end with it). */
  endTransaction(): boolean {
    const kept = this.list.filter((i) => i.profile.chargingProfilePurpose !== 'TxProfile');
    const changed = kept.length !== this.list.length;
    this.list = kept;
    return changed;
  }

  /** The state entry that keeps them. */
  state(): Map<string, string> {
    return new Map([[PROFILES_STATE_KEY, JSON.stringify(this.list)]]);
  }
}
