// The anti-legionella cycle: heat until every layer is at least `legionellaMinC` (heaters aim at
// `legionellaTargetC`), hold that for `legionellaHoldMin`, then it is done. Legionella Status is IN_PROGRESS
// during a cycle, REQUIRED when the last completed cycle is older than the interval, else OK.

import type { DhwParameters } from './parameters.js';

export type LegionellaStatus = 'OK' | 'REQUIRED' | 'IN_PROGRESS';

export interface LegionellaCycle {
  active: boolean;
  /** When the running cycle started, epoch ms. */
  startedAt: number;
  /** How long every layer has been hot enough without a break, s. */
  holdS: number;
  /** When the last cycle completed, epoch ms (a counter: it survives restarts). */
  lastDoneMs: number;
}

export function legionellaStatus(c: LegionellaCycle, now: number, p: DhwParameters): LegionellaStatus {
  if (c.active) return 'IN_PROGRESS';
  return now - c.lastDoneMs >= p.legionellaIntervalDays * 86_400_000 ? 'REQUIRED' : 'OK';
}

export function startCycle(c: LegionellaCycle, now: number): void {
  c.active = true;
  c.startedAt = now;
  c.holdS = 0;
}

/**
 * Advances a running cycle by `h` seconds ending at `now` with the coldest layer at `coldestC`: 'done' once
 * held long enough, 'timeout' when it took longer than allowed, else 'running'.
 */
export function advanceCycle(
  c: LegionellaCycle,
  coldestC: number,
  h: number,
  now: number,
  p: DhwParameters,
): 'running' | 'done' | 'timeout' {
  c.holdS = coldestC >= p.legionellaMinC ? c.holdS + h : 0;
  if (c.holdS >= p.legionellaHoldMin * 60) {
    c.active = false;
    c.lastDoneMs = now;
    return 'done';
  }
  if (now - c.startedAt >= p.legionellaTimeoutH * 3_600_000) {
    c.active = false;
    return 'timeout';
  }
  return 'running';
}

/**
 * Whether the automatic cycle (when enabled) starts now: in its local hour, when at the top of that hour the
 * last cycle was a day or less from being due — so it completes before Legionella Status turns REQUIRED.
 */
export function autoCycleDue(c: LegionellaCycle, now: number, hourOfDay: number, p: DhwParameters): boolean {
  if (!p.legionellaAuto || c.active || Math.floor(hourOfDay) !== p.legionellaAutoHour) return false;
  const topOfHour = now - (hourOfDay - Math.floor(hourOfDay)) * 3_600_000;
  return topOfHour - c.lastDoneMs >= Math.max(0.5, p.legionellaIntervalDays - 1) * 86_400_000;
}
