// Fleets: a device entry with `count` stands for that many devices, numbered in their ids and names by
// `{n}` (plain) or `{n:03}` (zero-padded to 3 digits).

const PLACEHOLDER = /\{n(?::0([1-9]))?\}/g;

/** Whether `text` numbers the devices of a fleet (`charger-{n}`, `pir-{n:02}`). */
export function hasPlaceholder(text: string): boolean {
  return text.search(PLACEHOLDER) !== -1;
}

/** `text` for device number `n`: `charger-{n:03}`, 7 → `charger-007`. A wider number is not cut. */
export function fillPlaceholders(text: string, n: number): string {
  return text.replace(PLACEHOLDER, (_, width: string | undefined) =>
    String(n).padStart(Number(width ?? 0), '0'),
  );
}
