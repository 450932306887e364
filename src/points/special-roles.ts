// Points with a special role (System Enable, Communication Status…), found by the words of their names in
// any language the points lists use, never by id: a new points list whose System Enable is named
// "Activation Système" is found as one named "System Enable" is. Every part of Pointyard that gives a point a
// role asks here (roleOf, hasRole, pointsWithRole). Documented in docs/points-list.md, "Special roles".

import type { Point, PointKind, PointType, Profile } from './model.js';
import { fold, words } from './text.js';
import { ALARM_NAME_WORDS } from './trouble-words.js';

export type SpecialRole =
  | 'system-enable'
  | 'enable-switch'
  | 'communication-status'
  | 'alarm-flag'
  | 'occupied-total'
  | 'revenue-today'
  | 'transactions-today'
  | 'active-power';

/**
 * How a name gives a role. The name is read folded (lower case, no accents: `Activation Système` →
 * `activation systeme`); `words` are its words (`État d'alarme` → etat, d, alarme).
 */
export type NameRule =
  /** Every one of these words is a word of the name, in any order, among any others. */
  | { words: readonly string[] }
  /** The folded name starts with this text. */
  | { starts: string }
  /** The folded name ends with this text. */
  | { ends: string }
  /** The folded name holds this text anywhere. */
  | { contains: string };

export interface RoleDefinition {
  role: SpecialRole;
  /** What the role does, for a person. */
  meaning: string;
  /** The point's kind and the types it may have: a name alone gives no role. */
  kind: PointKind;
  types: readonly PointType[];
  /** A name matching any of these gives the role. */
  names: readonly NameRule[];
}

/** The System Enable names, English and French: also enable switches (on until written off). */
const SYSTEM_ENABLE_NAMES: readonly NameRule[] = [
  { words: ['system', 'enable'] },
  { words: ['system', 'activation'] },
  { words: ['systeme', 'activation'] },
];

/** The vocabulary, in the order roleOf tries it (a point has every role whose definition it matches). */
export const SPECIAL_ROLES: readonly RoleDefinition[] = [
  {
    role: 'system-enable',
    meaning: "the site's System Enable: while off, every other device pauses and only it can be written",
    kind: 'command',
    types: ['bool'],
    names: SYSTEM_ENABLE_NAMES,
  },
  {
    role: 'enable-switch',
    meaning: 'an enable switch: its relinquish default is on',
    kind: 'command',
    types: ['bool'],
    names: [{ ends: 'enable' }, { starts: 'activation' }, ...SYSTEM_ENABLE_NAMES],
  },
  {
    role: 'communication-status',
    meaning: "the device's link: its fault word when the device is lost, its first word when it answers",
    kind: 'status',
    types: ['enum'],
    names: [{ contains: 'communication' }],
  },
  {
    role: 'alarm-flag',
    meaning: 'an alarm flag: in alarm when TRUE',
    kind: 'status',
    types: ['bool'],
    names: ALARM_NAME_WORDS.map((word) => ({ contains: word })),
  },
  // The figures of the parking server's daily report (src/parking/daily-report.ts).
  {
    role: 'occupied-total',
    meaning: "the site's count of occupied spaces: the daily report's occupancy",
    kind: 'sensor',
    types: ['number'],
    names: [{ words: ['total', 'occupied'] }, { words: ['places', 'occupees'] }],
  },
  {
    role: 'revenue-today',
    meaning: "the day's revenue so far: the daily report's revenue",
    kind: 'sensor',
    types: ['number'],
    names: [
      { words: ['revenue', 'today'] },
      { words: ['revenu', 'jour'] },
      { words: ['revenu', 'journalier'] },
    ],
  },
  {
    role: 'transactions-today',
    meaning: "the day's transactions so far: the daily report's count",
    kind: 'sensor',
    types: ['number'],
    names: [{ words: ['transactions', 'today'] }, { words: ['transactions', 'jour'] }],
  },
  {
    role: 'active-power',
    meaning: "a charger's active power: integrated into the daily report's EV energy",
    kind: 'sensor',
    types: ['number'],
    names: [{ words: ['active', 'power'] }, { words: ['puissance', 'active'] }],
  },
];

/** Fold of enum words that say a link is lost (any case, anywhere in the word: `COMM_FAULT`). */
export const COMMUNICATION_FAULT_WORDS: readonly string[] = [
  'fault',
  'error',
  'offline',
  'lost',
  'defaut',
  'erreur',
  'perte',
  'hors',
];

function nameMatches(rule: NameRule, folded: string, nameWords: readonly string[]): boolean {
  if ('words' in rule) return rule.words.every((w) => nameWords.includes(w));
  if ('starts' in rule) return folded.startsWith(rule.starts);
  if ('ends' in rule) return folded.endsWith(rule.ends);
  return folded.includes(rule.contains);
}

type Named = Pick<Point, 'name' | 'kind' | 'type'>;

/** Every role the point has, in vocabulary order (System Enable is an enable switch too). */
export function rolesOf(point: Named): SpecialRole[] {
  const folded = fold(point.name).trim();
  const nameWords = words(point.name);
  return SPECIAL_ROLES.filter(
    (def) =>
      def.kind === point.kind &&
      def.types.includes(point.type) &&
      def.names.some((rule) => nameMatches(rule, folded, nameWords)),
  ).map((def) => def.role);
}

/** The point's first role (see rolesOf), or null for an ordinary point. */
export function roleOf(point: Named): SpecialRole | null {
  return rolesOf(point)[0] ?? null;
}

export function hasRole(point: Named, role: SpecialRole): boolean {
  return rolesOf(point).includes(role);
}

/** The profile's points with `role`, in document order. */
export function pointsWithRole(profile: Pick<Profile, 'points'>, role: SpecialRole): Point[] {
  return profile.points.filter((p) => hasRole(p, role));
}

/**
 * The two words of a Communication Status: `ok` its first word, `fault` its first word that says a lost
 * link, else its second word (else its first).
 */
export function communicationWords(point: Pick<Point, 'enum'>): { ok: string; fault: string } {
  const list = point.enum ?? [];
  const ok = list[0] ?? '';
  const fault = list.find((w) => COMMUNICATION_FAULT_WORDS.some((f) => fold(w).includes(f))) ?? list[1] ?? ok;
  return { ok, fault };
}
