// Small text helpers shared by the points-list reader.

/** Lower case without accents: `Synthèse` → `synthese`, `État` → `etat`. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The words of a text once folded: `Points d'État` → [`points`, `d`, `etat`]. */
export function words(text: string): string[] {
  return fold(text)
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/** Identifier form of a name: `Max Current Limit` → `max-current-limit`, `Reset Min/Max` → `reset-min-max`. */
export function slug(name: string): string {
  return fold(name)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** `-`, `—` and empty cells mean "none" in a points list. */
export function isBlank(cell: string | undefined): boolean {
  const t = (cell ?? '').trim();
  return t === '' || t === '-' || t === '—' || t === '–';
}
