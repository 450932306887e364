// High and low level alarms with a hysteresis band: an alarm raised at its threshold clears only once the
// level is back by the band (2 % by default), so a level hovering at the threshold does not chatter.

/** High alarm: raised at level ≥ threshold; once raised, held while level ≥ threshold − band. */
export function highLevelAlarm(
  active: boolean,
  levelPct: number,
  thresholdPct: number,
  bandPct: number,
): boolean {
  return active ? levelPct >= thresholdPct - bandPct : levelPct >= thresholdPct;
}

/** Low alarm: raised at level ≤ threshold; once raised, held while level ≤ threshold + band. */
export function lowLevelAlarm(
  active: boolean,
  levelPct: number,
  thresholdPct: number,
  bandPct: number,
): boolean {
  return active ? levelPct <= thresholdPct + bandPct : levelPct <= thresholdPct;
}
