// The feed's key of a signal a device publishes (StepResult.signals): `<device>#<signal name>`, e.g.
// `car-park#ev/ev-charger-1/plugins`. A point's key is `<device>.<point>` and a device id has neither `.` nor
// `#`, so the two never clash; the device named is the one whose lease fences the signal's changes, so a node
// that lost it cannot overwrite what the device's new node publishes.

const SEPARATOR = '#';

/** The key of the signal `name` published by `device`. */
export const signalKey = (device: string, name: string): string => `${device}${SEPARATOR}${name}`;

/** The device and signal name of a signal's key; null for a point's key. */
export function parseSignalKey(key: string): { device: string; name: string } | null {
  const at = key.indexOf(SEPARATOR);
  const dot = key.indexOf('.');
  if (at <= 0 || (dot >= 0 && dot < at)) return null;
  return { device: key.slice(0, at), name: key.slice(at + 1) };
}
