// The receiver's link supervision settings: `server.sia.receiver.supervision: {intervalS, graceS}` for every
// configured account, and per account (`accounts."1001": {device, supervision}`) the site device whose
// Communication Status shows the link, and the account's own interval (or `supervision: false`: not
// supervised). An account is lost when nothing is heard from it for interval + grace.

import { pointsWithRole } from '../../../points/special-roles.js';
import type { Site } from '../../../site/model.js';
import { integer, isRecord, type Problems, unknownKeys } from '../../setting-checks.js';

export interface SupervisedAccount {
  /** As written in the site file. */
  readonly account: string;
  /** The site device whose Communication Status follows the account's link; null: none. */
  readonly device: string | null;
  /** A message is expected at least this often (ms). */
  readonly intervalMs: number;
  /** Tolerated lateness past the interval before the account is lost (ms). */
  readonly graceMs: number;
}

export interface SupervisionSettings {
  readonly accounts: readonly SupervisedAccount[];
}

const KEYS = ['intervalS', 'graceS'];
const MAX_S = 7 * 86_400;

interface Timing {
  intervalMs: number;
  graceMs: number;
}

/** `{intervalS, graceS}` (`fallback` for what is left out); undefined for `false`; null when not given. */
function timingOf(raw: unknown, where: string, fallback: Timing | null, problems: Problems) {
  if (raw === undefined || raw === null) return null;
  if (raw === false) return undefined;
  if (!isRecord(raw)) {
    problems.push(`${where} must be a mapping {intervalS, graceS} (or false)`);
    return null;
  }
  unknownKeys(raw, KEYS, `${where}.`, 'supervision', problems);
  const intervalS = integer(raw.intervalS, `${where}.intervalS`, 1, MAX_S, problems);
  const graceS = integer(raw.graceS, `${where}.graceS`, 0, MAX_S, problems);
  if (intervalS === undefined && fallback === null) {
    if (raw.intervalS === undefined) problems.push(`${where}.intervalS is required (seconds)`);
    return null;
  }
  const intervalMs = intervalS !== undefined ? intervalS * 1000 : (fallback as Timing).intervalMs;
  // Without a grace: half the interval (a message a little late is not a lost link).
  const graceMs = graceS !== undefined ? graceS * 1000 : (fallback?.graceMs ?? Math.round(intervalMs / 2));
  return { intervalMs, graceMs };
}

/** Why `id` cannot show an account's link, or null. */
function deviceProblem(site: Site, id: unknown, where: string): string | null {
  if (typeof id !== 'string' || id === '')
    return `${where}.device must be a device id, not ${JSON.stringify(id)}`;
  const device = site.devices.find((d) => d.id === id);
  if (!device)
    return `${where}.device: no device ${JSON.stringify(id)} in the site (devices: ${site.devices.map((d) => d.id).join(', ')})`;
  if (pointsWithRole(device.profile, 'communication-status').length === 0)
    return `${where}.device: ${id} has no Communication Status point to show the link`;
  return null;
}

/**
 * The supervised accounts of the receiver `raw` (its site-file mapping), or null when none is. Accounts
 * with a malformed number are left to the accounts reader's messages.
 */
export function supervisionSettings(
  raw: Record<string, unknown>,
  site: Site,
  problems: Problems,
): SupervisionSettings | null {
  const all = timingOf(raw.supervision, 'receiver.supervision', null, problems) ?? null;
  const accounts: SupervisedAccount[] = [];
  const listed = isRecord(raw.accounts) ? raw.accounts : {};
  for (const [account, written] of Object.entries(listed)) {
    const value = written ?? {};
    if (!isRecord(value)) continue;
    const where = `receiver.accounts.${account}`;
    const own = timingOf(value.supervision, `${where}.supervision`, all, problems);
    const timing = own === undefined ? null : (own ?? all);
    let device: string | null = null;
    if (value.device !== undefined) {
      const problem = deviceProblem(site, value.device, where);
      if (problem) problems.push(problem);
      else device = value.device as string;
      if (!timing)
        problems.push(
          `${where}.device: the account is not supervised (set receiver.supervision or the account's supervision)`,
        );
    }
    if (timing) accounts.push({ account, device, ...timing });
  }
  return accounts.length > 0 ? { accounts } : null;
}
