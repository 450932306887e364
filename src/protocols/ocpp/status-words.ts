// OCPP 1.6's ChargePointStatus as a points list's words: for each status the words it may be shown as, the
// first one the point's enum holds wins (`Charging` → CHARGING, or OCCUPIED on a connector's status). Words,
// not device types: any points list whose status words are these reads a charge point's status.

const CANDIDATES: Readonly<Record<string, readonly string[]>> = {
  Available: ['AVAILABLE', 'IDLE', 'FREE'],
  Preparing: ['PREPARING', 'OCCUPIED', 'AVAILABLE'],
  Charging: ['CHARGING', 'OCCUPIED'],
  SuspendedEV: ['SUSPENDED_EV', 'SUSPENDED', 'CHARGING', 'OCCUPIED'],
  SuspendedEVSE: ['SUSPENDED_EVSE', 'SUSPENDED', 'CHARGING', 'OCCUPIED'],
  Finishing: ['FINISHING', 'OCCUPIED', 'COMPLETE', 'AVAILABLE'],
  Reserved: ['RESERVED', 'OCCUPIED', 'AVAILABLE'],
  Unavailable: ['UNAVAILABLE', 'OFFLINE'],
  Faulted: ['FAULTED', 'FAULT', 'ERROR'],
};

/** The word of `words` that shows `status`, or null when none fits. */
export function statusWord(status: string, words: readonly string[]): string | null {
  const upper = words.map((w) => w.toUpperCase());
  for (const candidate of CANDIDATES[status] ?? [status.toUpperCase()]) {
    const i = upper.indexOf(candidate);
    if (i >= 0) return words[i] as string;
  }
  return null;
}

/** The words of a link point (OCPP Connection): its enum holds CONNECTED and DISCONNECTED. */
export function linkWords(words: readonly string[] | null): { up: string; down: string } | null {
  if (!words) return null;
  const up = words.find((w) => w.toUpperCase() === 'CONNECTED');
  const down = words.find((w) => w.toUpperCase() === 'DISCONNECTED');
  return up && down ? { up, down } : null;
}
