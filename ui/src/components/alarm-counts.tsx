// Alarm counts in the header: filled in by the alarm console's data once the server has the alarms op.
export function AlarmCounts() {
  return null;
}
