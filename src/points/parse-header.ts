// The parts of a points list around its tables: the title, the Synthèse counts and the Sources.

import type { DiagnosticList } from './diagnostics.js';
import type { Block, Bullet } from './markdown.js';
import type { DeclaredCounts, PointKind, Source } from './model.js';
import { fold, slug } from './text.js';

export interface Title {
  id: string;
  name: string;
  localName: string | null;
}

const TITLE = /^Points?\s+(?:de\s+|d['’]\s*|du\s+|des\s+|of\s+|for\s+)(.+?)\s*(?:\(([^()]*)\))?\s*$/i;

/** `# Points de Level Sensor (Capteur de niveau)` → id `level-sensor`, name and French name. */
export function readTitle(blocks: Block[], diag: DiagnosticList): Title | null {
  const block = blocks.find((b) => b.heading?.level === 1);
  if (!block?.heading) {
    diag.error(1, 'missing title: the document must start with `# Points de <Name>`');
    return null;
  }
  const m = TITLE.exec(block.heading.text);
  const name = m?.[1]?.trim() ?? '';
  if (!m || name === '' || slug(name) === '') {
    diag.error(block.heading.line, `title '${block.heading.text}' does not read \`Points de <Name>\``);
    return null;
  }
  const localName = m[2]?.trim() || null;
  return { id: slug(name), name, localName };
}

const COUNT_WORDS: Array<[PointKind, string[]]> = [
  ['sensor', ['mesure', 'mesures', 'capteur', 'capteurs', 'sensor', 'sensors', 'measurement']],
  ['command', ['commande', 'commandes', 'command', 'commands']],
  ['status', ['etat', 'etats', 'status']],
];

export interface DeclaredCountLines {
  counts: DeclaredCounts;
  lines: Record<PointKind, number>;
}

/** `- **Total points mesure** : 12` and its two siblings; every missing or unreadable one is an error. */
export function readSummary(block: Block | undefined, diag: DiagnosticList): DeclaredCountLines | null {
  if (!block?.heading) return null;
  const found: Partial<Record<PointKind, { count: number; line: number }>> = {};
  for (const bullet of block.bullets) {
    const text = fold(bullet.text.replace(/[*_`]/g, ''));
    const m = /^(.*?)\s*:\s*(.*)$/.exec(text);
    if (!m) continue;
    const words = (m[1] ?? '').split(/[^a-z]+/);
    const kind = COUNT_WORDS.find(([, names]) => names.some((n) => words.includes(n)))?.[0];
    if (!kind) continue;
    const value = (m[2] ?? '').trim();
    if (!/^\d+$/.test(value)) {
      diag.error(bullet.line, `Synthèse count '${value}' is not a whole number`);
      continue;
    }
    if (found[kind])
      diag.error(bullet.line, `Synthèse gives the ${kind} total twice (first at line ${found[kind].line})`);
    else found[kind] = { count: Number(value), line: bullet.line };
  }
  let complete = true;
  for (const [kind, names] of COUNT_WORDS) {
    if (found[kind]) continue;
    complete = false;
    diag.error(block.heading.line, `Synthèse has no \`- **Total points ${names[0]}** : N\` line`);
  }
  if (!complete) return null;
  const get = (k: PointKind) => found[k] as { count: number; line: number };
  return {
    counts: { sensor: get('sensor').count, command: get('command').count, status: get('status').count },
    lines: { sensor: get('sensor').line, command: get('command').line, status: get('status').line },
  };
}

const LINK = /\[([^\]]*)\]\(([^)\s]*)[^)]*\)/g;

/** `- [Title](https://…)` bullets; a bullet without a link is kept as a title alone. */
export function readSources(bullets: Bullet[]): Source[] {
  const sources: Source[] = [];
  for (const bullet of bullets) {
    const links = [...bullet.text.matchAll(LINK)];
    if (links.length === 0) sources.push({ title: bullet.text, url: null });
    for (const link of links)
      sources.push({ title: (link[1] ?? '').trim(), url: (link[2] ?? '').trim() || null });
  }
  return sources;
}
