// Today's totals (reset at local midnight in the site's zone) and the all-time ones, both kept as counters
// so that they survive a restart (today's only within the same local day).

export interface DailyTotals {
  /** Local day number the totals belong to (LocalTime.dayNumber). */
  day: number;
  revenueCents: number;
  transactions: number;
  /** Sum of today's completed stays, min. */
  staySumMin: number;
  turnedAway: number;
}

export interface LifetimeTotals {
  revenueCents: number;
  transactions: number;
  arrivals: number;
  turnedAway: number;
}

export function emptyDay(day: number): DailyTotals {
  return { day, revenueCents: 0, transactions: 0, staySumMin: 0, turnedAway: 0 };
}

/** Today's totals from saved counters when they belong to `today`, else zeros. */
export function restoreDay(today: number, saved: Record<string, number>): DailyTotals {
  if (saved.day !== today) return emptyDay(today);
  return {
    day: today,
    revenueCents: saved.revenueTodayCents ?? 0,
    transactions: saved.transactionsToday ?? 0,
    staySumMin: saved.staySumTodayMin ?? 0,
    turnedAway: saved.turnedAwayToday ?? 0,
  };
}

export function restoreLifetime(saved: Record<string, number>): LifetimeTotals {
  return {
    revenueCents: saved.revenueTotalCents ?? 0,
    transactions: saved.transactionsTotal ?? 0,
    arrivals: saved.arrivalsTotal ?? 0,
    turnedAway: saved.turnedAwayTotal ?? 0,
  };
}

export function resetDay(totals: DailyTotals, day: number): void {
  totals.day = day;
  totals.revenueCents = 0;
  totals.transactions = 0;
  totals.staySumMin = 0;
  totals.turnedAway = 0;
}

/** Average Stay Duration: the mean of today's completed stays, min (0 before the first exit). */
export function averageStayMin(totals: DailyTotals): number {
  return totals.transactions > 0 ? totals.staySumMin / totals.transactions : 0;
}

/** The counters that carry these totals across a restart. */
export function totalsCounters(day: DailyTotals, life: LifetimeTotals, out: Record<string, number>): void {
  out.day = day.day;
  out.revenueTodayCents = day.revenueCents;
  out.transactionsToday = day.transactions;
  out.staySumTodayMin = day.staySumMin;
  out.turnedAwayToday = day.turnedAway;
  out.revenueTotalCents = life.revenueCents;
  out.transactionsTotal = life.transactions;
  out.arrivalsTotal = life.arrivals;
  out.turnedAwayTotal = life.turnedAway;
}
