// OCPP 1.6 charging profiles (SetChargingProfile) and the pure function at their heart: the current limit in
// force at a time. ChargePointMaxProfile caps the charge point; of the Tx profiles, a TxProfile (during its
// transaction) overrides TxDefault; within a purpose the highest stackLevel in force at that time wins, and a
// profile not in force (outside validity, before its start, past its duration) lets the next level show.

export type ProfilePurpose = 'ChargePointMaxProfile' | 'TxDefaultProfile' | 'TxProfile';
export type ProfileKind = 'Absolute' | 'Recurring' | 'Relative';

export interface SchedulePeriod {
  /** Seconds from the schedule's start. */
  startPeriod: number;
  /** In the schedule's unit (A or W). */
  limit: number;
  numberPhases?: number;
}

export interface ChargingSchedule {
  duration?: number;
  startSchedule?: string;
  chargingRateUnit: 'A' | 'W';
  chargingSchedulePeriod: SchedulePeriod[];
  minChargingRate?: number;
}

export interface ChargingProfile {
  chargingProfileId: number;
  transactionId?: number;
  stackLevel: number;
  chargingProfilePurpose: ProfilePurpose;
  chargingProfileKind: ProfileKind;
  recurrencyKind?: 'Daily' | 'Weekly';
  validFrom?: string;
  validTo?: string;
  chargingSchedule: ChargingSchedule;
}

/** A profile as installed: its connector (0 = the whole charge point). */
export interface InstalledProfile {
  connectorId: number;
  profile: ChargingProfile;
}

/** What the limit depends on besides the profiles. */
export interface LimitContext {
  /** The transaction under way on connector 1 (its id as the CSMS knows it, and its start), if any. */
  transaction?: { id?: number; startedAt: number };
  /** Phase-to-neutral voltage, to turn W into A (230 V by default). */
  phaseVoltage?: number;
  /** Phases the charger uses when a period does not say (3 by default). */
  phases?: number;
}

const DAY_MS = 86_400_000;
const RECURRENCE_MS = { Daily: DAY_MS, Weekly: 7 * DAY_MS };

const time = (iso: string | undefined): number | undefined =>
  iso === undefined ? undefined : Date.parse(iso);

/** When the schedule of `p` starts for time `t`, or undefined when it has no start then. */
function scheduleStart(p: ChargingProfile, t: number, ctx: LimitContext): number | undefined {
  const start = time(p.chargingSchedule.startSchedule);
  switch (p.chargingProfileKind) {
    case 'Absolute':
      // Without a start the schedule starts with the transaction (as many charge points read it).
      return start ?? ctx.transaction?.startedAt;
    case 'Relative':
      return ctx.transaction?.startedAt;
    case 'Recurring': {
      if (start === undefined || p.recurrencyKind === undefined) return undefined;
      const period = RECURRENCE_MS[p.recurrencyKind];
      return t < start ? undefined : start + Math.floor((t - start) / period) * period;
    }
  }
}

/** The limit of one profile at `t` in A, or undefined when the profile is not in force then. */
export function profileLimitAt(p: ChargingProfile, t: number, ctx: LimitContext = {}): number | undefined {
  const from = time(p.validFrom);
  const to = time(p.validTo);
  if ((from !== undefined && t < from) || (to !== undefined && t >= to)) return undefined;
  const start = scheduleStart(p, t, ctx);
  if (start === undefined || t < start) return undefined;
  const offsetS = (t - start) / 1000;
  const s = p.chargingSchedule;
  if (s.duration !== undefined && offsetS >= s.duration) return undefined;
  let period: SchedulePeriod | undefined;
  for (const candidate of s.chargingSchedulePeriod)
    if (candidate.startPeriod <= offsetS && (!period || candidate.startPeriod >= period.startPeriod))
      period = candidate;
  if (!period) return undefined;
  if (s.chargingRateUnit === 'A') return period.limit;
  const phases = period.numberPhases ?? ctx.phases ?? 3;
  return period.limit / ((ctx.phaseVoltage ?? 230) * phases);
}

/** The limit of the highest-stack profile in force at `t` among `profiles`, or undefined. */
function stackedLimitAt(profiles: ChargingProfile[], t: number, ctx: LimitContext): number | undefined {
  const byStack = profiles.slice().sort((a, b) => b.stackLevel - a.stackLevel);
  for (const p of byStack) {
    const limit = profileLimitAt(p, t, ctx);
    if (limit !== undefined) return limit;
  }
  return undefined;
}

/**
 * The current limit in A on connector 1 at `t`: the lowest of the ChargePointMaxProfile in force and the Tx
 * profile in force (TxProfile of the transaction under way, else TxDefault), or null when none is in force.
 */
export function limitAt(installed: InstalledProfile[], t: number, ctx: LimitContext = {}): number | null {
  const of = (purpose: ProfilePurpose) =>
    installed.filter((i) => i.profile.chargingProfilePurpose === purpose).map((i) => i.profile);
  const max = stackedLimitAt(of('ChargePointMaxProfile'), t, ctx);
  const tx = ctx.transaction;
  const txProfiles = tx
    ? of('TxProfile').filter((p) => p.transactionId === undefined || p.transactionId === tx.id)
    : [];
  const txLimit = stackedLimitAt(txProfiles, t, ctx) ?? stackedLimitAt(of('TxDefaultProfile'), t, ctx);
  const limits = [max, txLimit].filter((l): l is number => l !== undefined);
  return limits.length === 0 ? null : Math.max(0, Math.min(...limits));
}

/** Times after `t` at which a limit may change (period starts, validity bounds, recurrences), the earliest. */
export function nextChangeAfter(
  installed: InstalledProfile[],
  t: number,
  ctx: LimitContext = {},
): number | undefined {
  let next: number | undefined;
  const consider = (x: number | undefined) => {
    if (x !== undefined && x > t && (next === undefined || x < next)) next = x;
  };
  for (const { profile: p } of installed) {
    consider(time(p.validFrom));
    consider(time(p.validTo));
    // The schedule's start for now, and for the next recurrence when it has not started yet.
    const starts = [scheduleStart(p, t, ctx), time(p.chargingSchedule.startSchedule)];
    if (p.chargingProfileKind === 'Recurring' && p.recurrencyKind && starts[0] !== undefined)
      starts.push(starts[0] + RECURRENCE_MS[p.recurrencyKind]);
    for (const start of starts) {
      if (start === undefined) continue;
      for (const period of p.chargingSchedule.chargingSchedulePeriod)
        consider(start + period.startPeriod * 1000);
      if (p.chargingSchedule.duration !== undefined) consider(start + p.chargingSchedule.duration * 1000);
    }
  }
  return next;
}
