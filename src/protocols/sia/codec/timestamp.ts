// The DC-09 timestamp `_HH:MM:SS,MM-DD-YYYY`, always UTC. It ends a message (after the data and the
// extended data); it is required in encrypted messages and optional in plain ones.

const PATTERN = /^_(\d{2}):(\d{2}):(\d{2}),(\d{2})-(\d{2})-(\d{4})$/;

/** Formats a time as the timestamp field, leading `_` included (seconds truncated). */
export function formatTimestamp(time: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `_${two(time.getUTCHours())}:${two(time.getUTCMinutes())}:${two(time.getUTCSeconds())},` +
    `${two(time.getUTCMonth() + 1)}-${two(time.getUTCDate())}-${String(time.getUTCFullYear()).padStart(4, '0')}`
  );
}

/** Parses the timestamp field (leading `_` included); undefined when it is not a real UTC date and time. */
export function parseTimestamp(field: string): Date | undefined {
  const m = PATTERN.exec(field);
  if (!m) return undefined;
  const [hh, mi, ss, mo, dd, yyyy] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (hh > 23 || mi > 59 || ss > 59 || mo < 1 || mo > 12 || dd < 1 || dd > 31) return undefined;
  const time = new Date(Date.UTC(yyyy, mo - 1, dd, hh, mi, ss));
  time.setUTCFullYear(yyyy); // Date.UTC maps years 0–99 to 1900–1999
  if (time.getUTCDate() !== dd || time.getUTCMonth() !== mo - 1) return undefined; // 02-30 and the like
  return time;
}
