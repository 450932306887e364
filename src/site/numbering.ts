// Automatic numbering of devices (a protocol's unit ids, device instances…): explicit numbers are kept,
// and every other device, in order, takes the lowest number that is still free from `first` on. The same
// list gives the same numbers, and appending a device without an explicit number changes no other number.

/** One number per device: its explicit one, the lowest free one ≥ `first`, or null when none ≤ `last` is left. */
export function assignNumbers(
  explicit: readonly (number | null)[],
  first: number,
  last: number,
): (number | null)[] {
  const taken = new Set<number>();
  for (const n of explicit) if (n !== null) taken.add(n);
  let next = first;
  return explicit.map((n) => {
    if (n !== null) return n;
    while (taken.has(next)) next++;
    if (next > last) return null;
    taken.add(next);
    return next;
  });
}
