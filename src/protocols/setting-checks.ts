// Checks shared by the protocol servers' settings readers (`server.<name>` of the site file): each reads a
// value of one kind or says, in a message a person can act on, why it cannot use it.

import type { Role } from '../runtime/services/services.js';

/** The messages of one settings reader, in the order found. */
export type Problems = string[];

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function integer(
  raw: unknown,
  key: string,
  lo: number,
  hi: number,
  problems: Problems,
): number | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= lo && raw <= hi) return raw;
  problems.push(`${key} must be an integer from ${lo} to ${hi}, not ${JSON.stringify(raw)}`);
  return undefined;
}

export function boolean(raw: unknown, key: string, problems: Problems): boolean | undefined {
  if (raw === undefined || typeof raw === 'boolean') return raw;
  problems.push(`${key} must be true or false, not ${JSON.stringify(raw)}`);
  return undefined;
}

const ROLES: readonly Role[] = ['viewer', 'operator', 'admin'];

/** The role a protocol's clients write with. */
export function role(raw: unknown, key: string, problems: Problems): Role | undefined {
  if (raw === undefined) return undefined;
  if (ROLES.includes(raw as Role)) return raw as Role;
  problems.push(`${key} must be viewer, operator or admin, not ${JSON.stringify(raw)}`);
  return undefined;
}

/** A message for every key of `raw` not in `known` (`where` prefixes it; `what` names the protocol). */
export function unknownKeys(
  raw: Record<string, unknown>,
  known: readonly string[],
  where: string,
  what: string,
  problems: Problems,
): void {
  for (const key of Object.keys(raw))
    if (!known.includes(key))
      problems.push(`${where}${key} is not a ${what} setting (known: ${known.join(', ')})`);
}
