// The 16 priority levels (BACnet's names; Haystack uses the same array), and those a role may write.
import { LOWEST_LEVEL, type Role } from '../state/role';

const NAMES: Record<number, string> = {
  1: 'manual life safety',
  2: 'automatic life safety',
  5: 'critical equipment control',
  6: 'minimum on/off',
  8: 'manual operator',
  16: 'lowest',
  17: 'relinquish default',
};

export const levelName = (level: number): string => NAMES[level] ?? '';

export const levelLabel = (level: number): string =>
  level === 17 ? 'default' : `${level}${NAMES[level] ? ` — ${NAMES[level]}` : ''}`;

/** The levels `role` may write, most urgent first (operators 8–16, admins 1–16). */
export function writableLevels(role: Role): number[] {
  const lowest = LOWEST_LEVEL[role];
  if (lowest === null) return [];
  return Array.from({ length: 17 - lowest }, (_, i) => lowest + i);
}

/** Level 8 is where a timed override may be written (docs/runtime.md). */
export const TIMED_LEVEL = 8;
