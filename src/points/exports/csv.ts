// Field quoting for comma-separated exports (RFC 4180): quotes only where a field needs them.

export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(fields: Array<string | number | null>): string {
  return fields.map(csvField).join(',');
}
