// Office hours and the armed schedule in the site's time zone: who walks past when, and when a detection is
// a burglary alarm. Cheap to ask at every step (LocalTime caches the zone offset); `steadyUntil` says how long
// the armed state cannot change, so that a step need not even ask.

import type { LocalTime } from '../../util/local-time.js';
import type { ArmedSchedule } from './parameters.js';

const HOUR = 3_600_000;

export class OfficeHours {
  /** Bit d set when local weekday d (0 = Sunday) is a working day. */
  private readonly weekdayMask: number;

  constructor(
    private readonly local: LocalTime,
    private readonly startHour: number,
    private readonly endHour: number,
    weekdays: readonly number[],
    private readonly armedSchedule: ArmedSchedule,
  ) {
    this.weekdayMask = weekdays.reduce((mask, d) => mask | (1 << d), 0);
  }

  /** Within office hours on a working day. */
  isOpen(now: number): boolean {
    if ((this.weekdayMask & (1 << this.local.weekday(now))) === 0) return false;
    const hour = this.local.hourOfDay(now);
    return hour >= this.startHour && hour < this.endHour;
  }

  /** The zone is armed: outside office hours by default, or always, or never. */
  isArmed(now: number): boolean {
    if (this.armedSchedule === 'always') return true;
    if (this.armedSchedule === 'never') return false;
    return !this.isOpen(now);
  }

  /**
   * A time (epoch ms) before which `isArmed` keeps its value at `now`: the next local start or end of office
   * hours or midnight (a weekday change), 1 ms early against rounding, and at the latest the next UTC hour,
   * since a zone changes offset only on an hour boundary. It may be `now` or earlier near a change: ask again.
   */
  steadyUntil(now: number): number {
    if (this.armedSchedule !== 'outside-office-hours') return Number.POSITIVE_INFINITY;
    const hour = this.local.hourOfDay(now);
    const next = hour < this.startHour ? this.startHour : hour < this.endHour ? this.endHour : 24;
    const nextUtcHour = (Math.floor(now / HOUR) + 1) * HOUR;
    return Math.min(now + (next - hour) * HOUR - 1, nextUtcHour);
  }
}
