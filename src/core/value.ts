// The value of a point as the runtime holds it, one JavaScript type per point type:
// number → number, bool and action → boolean, enum → its word, string → text, datetime → ISO 8601 UTC text.
// Protocol edges translate to and from these (Modbus enum index, BACnet state index + 1…).

export type Value = number | boolean | string;

/** Text form for people and CSV: numbers plain, booleans true/false, words and text as they are. */
export function formatValue(value: Value): string {
  return typeof value === 'number'
    ? String(value)
    : typeof value === 'boolean'
      ? value
        ? 'true'
        : 'false'
      : value;
}
