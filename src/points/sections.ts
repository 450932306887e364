// Finds the sections of a points list by their heading words and the columns of a table by their names,
// never by position, so reordered or extended documents read the same.

import type { Block, Table } from './markdown.js';
import { fold, words } from './text.js';

export type SectionKey = 'summary' | 'sensors' | 'commands' | 'status' | 'mappings' | 'sources';

/** Heading words that identify each section (French first, English accepted too). */
const SECTION_WORDS: Record<SectionKey, string[]> = {
  summary: ['synthese', 'summary'],
  sensors: ['mesure', 'mesures', 'capteurs', 'sensor', 'sensors', 'measurement', 'measurements'],
  commands: ['commande', 'commandes', 'actionneurs', 'command', 'commands'],
  status: ['etat', 'etats', 'status'],
  mappings: ['mapping', 'mappings'],
  sources: ['sources', 'source', 'references'],
};

export const SECTION_TITLES: Record<SectionKey, string> = {
  summary: '## Synthèse',
  sensors: '## Points de Mesure (Capteurs)',
  commands: '## Points de Commande (Actionneurs/Consignes)',
  status: "## Points d'État",
  mappings: '## Mappings Protocoles',
  sources: '## Sources',
};

/** The section a heading opens, or null when its words name none (or name two). */
export function sectionOf(heading: string): SectionKey | null {
  const w = words(heading);
  // The first matching key wins in this order: `Points de Commande (Actionneurs/Consignes)` says commande
  // only, but `Mappings Protocoles` must not be read as anything else.
  const order: SectionKey[] = ['mappings', 'summary', 'sources', 'sensors', 'commands', 'status'];
  return order.find((key) => SECTION_WORDS[key].some((word) => w.includes(word))) ?? null;
}

export type ColumnKey =
  | 'point'
  | 'tags'
  | 'unit'
  | 'range'
  | 'frequency'
  | 'type'
  | 'values'
  | 'description'
  | 'role';

/** How each column is recognised from its folded header. */
const COLUMN_TESTS: Record<ColumnKey, (h: string) => boolean> = {
  point: (h) => h === 'point' || h === 'nom' || h === 'name' || h === 'point name',
  tags: (h) => h.includes('tag'),
  unit: (h) => h.startsWith('unit'),
  range: (h) => h.startsWith('plage') || h.startsWith('range'),
  frequency: (h) => h.startsWith('frequence') || h.startsWith('frequency') || h.startsWith('update'),
  type: (h) => h === 'type',
  values: (h) => h.startsWith('valeur') || h.startsWith('value'),
  description: (h) => h.startsWith('description'),
  role: (h) => h === 'role' || h === 'write role',
};

/** The column headers people write, for error messages. */
export const COLUMN_TITLES: Record<ColumnKey, string> = {
  point: 'Point',
  tags: 'Tag Haystack',
  unit: 'Unité',
  range: 'Plage',
  frequency: 'Fréquence',
  type: 'Type',
  values: 'Valeurs',
  description: 'Description',
  role: 'Rôle',
};

export interface ColumnMap {
  index: Partial<Record<ColumnKey, number>>;
  /** Columns recognised as none of the keys: kept verbatim under their header. */
  extra: Array<{ name: string; index: number }>;
  /** Keys found in two columns. */
  duplicated: ColumnKey[];
}

/** A header as columns are recognised: lower case, no accents, single spaces. */
export function foldHeader(name: string): string {
  return fold(name).trim().replace(/\s+/g, ' ');
}

/** Maps the header of a table to column keys; only `wanted` keys are looked for. */
export function mapColumns(table: Table, wanted: ColumnKey[]): ColumnMap {
  const map: ColumnMap = { index: {}, extra: [], duplicated: [] };
  table.header.forEach((name, index) => {
    const h = foldHeader(name);
    const key = wanted.find((k) => COLUMN_TESTS[k](h));
    if (key === undefined) {
      if (name.trim() !== '') map.extra.push({ name: name.trim(), index });
    } else if (map.index[key] !== undefined) {
      map.duplicated.push(key);
    } else {
      map.index[key] = index;
    }
  });
  return map;
}

/**
 * Level-2 sections of a document by key; deeper headings belong to the section above them. A second
 * section with the same key is returned apart, as are level-2 headings that name no section.
 */
export function findSections(blocks: Block[]): {
  sections: Partial<Record<SectionKey, Block>>;
  repeated: Block[];
  unknown: Block[];
} {
  const sections: Partial<Record<SectionKey, Block>> = {};
  const repeated: Block[] = [];
  const unknown: Block[] = [];
  let current: Block | null = null;
  for (const block of blocks) {
    const level = block.heading?.level ?? 0;
    if (level >= 3 && current) {
      current.bullets.push(...block.bullets);
      current.tables.push(...block.tables);
      continue;
    }
    if (level !== 2 || !block.heading) {
      current = null;
      continue;
    }
    const key = sectionOf(block.heading.text);
    current = { heading: block.heading, bullets: [...block.bullets], tables: [...block.tables] };
    if (key === null) unknown.push(current);
    else if (sections[key]) repeated.push(current);
    else sections[key] = current;
  }
  return { sections, repeated, unknown };
}
