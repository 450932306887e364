// SIA DC-03 event codes the detector reports (through its panel) to the alarm receiver, and the events that
// carry them: `{ kind: 'sia', point, message, data: { code, zone } }`. A SIA DC-09 transmitter reads these.

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
} as const;

export type SiaCode = keyof typeof SIA;

export function siaEvent(log: EventLog, code: SiaCode, zone: number, point: string, detail?: string): void {
  log.add('sia', point, `${code} zone ${zone}: ${detail ?? SIA[code]}`, { code, zone });
}
