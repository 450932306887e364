// Heating windows for Schedule Enable: `HH:MM-HH:MM` local times (a window may run past midnight), turned
// once into a table of the 1,440 minutes of a day so that a step only looks one minute up.

export interface TimeWindow {
  /** Minutes after local midnight. */
  fromMin: number;
  toMin: number;
}

const WINDOW = /^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$/;

/** `22:00-06:00` → {fromMin: 1320, toMin: 360}; null when unreadable. `24:00` is the end of the day. */
export function parseWindow(text: string): TimeWindow | null {
  const m = WINDOW.exec(text);
  if (!m) return null;
  const [fh, fm, th, tm] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
  if (fh > 23 || th > 24 || fm > 59 || tm > 59 || (th === 24 && tm > 0)) return null;
  const fromMin = fh * 60 + fm;
  const toMin = th * 60 + tm;
  return fromMin === toMin ? null : { fromMin, toMin };
}

/** 1 for each minute of the day inside a window, else 0. */
export function minuteTable(windows: readonly TimeWindow[]): Uint8Array {
  const table = new Uint8Array(1440);
  for (const { fromMin, toMin } of windows) {
    const length = toMin > fromMin ? toMin - fromMin : toMin + 1440 - fromMin;
    for (let k = 0; k < length; k++) table[(fromMin + k) % 1440] = 1;
  }
  return table;
}

/** Whether heating is allowed at `hourOfDay` (fractional local hour). */
export function inWindow(table: Uint8Array, hourOfDay: number): boolean {
  return table[Math.min(1439, Math.floor(hourOfDay * 60))] === 1;
}
