// A points list with some of its points renamed (table rows and mapping rows alike) and, optionally, a new
// title: a new points list, with no code of its own, for tests of what Pointyard finds by the words of names.
import { readFileSync } from 'node:fs';
import { builtinProfiles } from '../../src/points/load.js';
import type { Profile } from '../../src/points/model.js';
import { parsePointsList } from '../../src/points/parse.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** `text` with each point `from` (a whole cell, any case) named `to`, and `title` as its `# Points de` name. */
export function renamePoints(text: string, renames: Record<string, string>, title?: string): string {
  let out = text;
  for (const [from, to] of Object.entries(renames)) {
    const cell = new RegExp(`^\\| *${escapeRegExp(from)} *\\|`, 'gim');
    if (!cell.test(out)) throw new Error(`no point '${from}' in the list`);
    out = out.replace(cell, `| ${to} |`);
  }
  return title === undefined ? out : out.replace(/^# Points de .*$/m, `# Points de ${title}`);
}

/** The text of the built-in points list whose profile id is `id`. */
export function builtinText(id: string): string {
  const loaded = builtinProfiles(PROTOCOLS).find((l) => l.profile?.id === id);
  if (!loaded) throw new Error(`no built-in profile ${id}`);
  return readFileSync(loaded.file, 'utf8');
}

/** Parses a points list that must be valid. */
export function parsedProfile(text: string): Profile {
  const { profile, diagnostics } = parsePointsList(text, 'renamed.md', PROTOCOLS);
  if (!profile) throw new Error(diagnostics.map((d) => d.message).join('\n'));
  return profile;
}
