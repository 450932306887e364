// Time zones: a site's `tz` must be an IANA zone name that this Node.js knows (`Europe/Paris`, `UTC`).

const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+\-/]*$/;

/** The zone as Node.js spells it (`europe/paris` → `Europe/Paris`), or null when it is not a zone. */
export function canonicalTimeZone(tz: string): string | null {
  // Intl also takes UTC offsets (`+01:00`) on recent Node.js: they are not zone names and are refused.
  if (!IANA_NAME.test(tz)) return null;
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
    // Intl may also swap an alias for its canonical zone (Asia/Calcutta → Asia/Kolkata): keep what was written.
    return resolved.toLowerCase() === tz.toLowerCase() ? resolved : tz;
  } catch {
    return null;
  }
}
