// SIA DC-03 event codes the detector reports (through its panel) to the alarm receiver, and the events that
// carry them: `{ kind: 'sia', point, message, data: { code, zone, text, location } }`. A SIA DC-09
// transmitter reads these: `zone` is the number after the code (and the area: each detector has its own
// armed schedule, so it is its own area), `text` the alarm text and `location` the detector's name.

import type { EventLog } from '../shared/event-log.js';

export const SIA = {
  /** Burglary Alarm: a detection while the zone is armed; Burglary Restoral when that alarm ends. */
  BA: 'Burglary alarm',
  BR: 'Burglary restoral',
  /** Tamper Alarm (cover opened, detector pulled off the wall) and Tamper Restoral. */
  TA: 'Tamper alarm',
  TR: 'Tamper restoral',
  /** Burglary Trouble ("zone disabled by fault"): the detector is masked; Burglary Trouble Restore. */
  BT: 'Burglary trouble: detector masked',
  /** Missing Supervision: the panel no longer hears the detector's supervision messages. */
  BZ: 'Missing supervision',
  BJ: 'Burglary trouble restore',
  /** System Battery Trouble (low battery) and System Battery Restoral. */
  YT: 'Battery trouble: low battery',
  YR: 'Battery restoral',
  /** Automatic Closing / Opening: the armed schedule armed / disarmed the zone (no user did). */
  CA: 'Automatic closing (schedule)',
  OA: 'Automatic opening (schedule)',
  /** Burglary Bypass: the zone is left out of the armed set; Burglary Unbypass when it is back in. */
  BB: 'Burglary bypass',
  BU: 'Burglary unbypass',
} as const;

export type SiaCode = keyof typeof SIA;

/** One detector's SIA reports: its zone and name are fixed, so a report allocates only its event. */
export class SiaReporter {
  constructor(
    private readonly log: EventLog,
    private readonly zone: number,
    private readonly location: string,
  ) {}

  /** Logs `code` about `point` (null: the zone as a whole); `detail` replaces the code's text. */
  report(code: SiaCode, point: string | null, detail?: string): void {
    const text = detail ?? SIA[code];
    this.log.add('sia', point, `${code} zone ${this.zone}: ${text}`, {
      code,
      zone: this.zone,
      text,
      location: this.location,
    });
  }
}
