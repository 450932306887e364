// Shell-style wildcards for filters: `*` any run of characters, `?` one character, `,` alternatives.

/** A predicate for `pattern` (`pir-*`, `ev-?`, `level,volume`); undefined or empty matches everything. */
export function globMatcher(pattern: string | undefined): (text: string) => boolean {
  if (!pattern) return () => true;
  const alternatives = pattern.split(',').map((part) => {
    const body = part
      .trim()
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    return new RegExp(`^${body}$`);
  });
  return (text) => alternatives.some((re) => re.test(text));
}
