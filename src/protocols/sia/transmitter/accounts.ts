// The account an event is sent for: the site's one account, or one per zone (base + zone, in decimal, padded
// to the base's length: base 1000, zone 3 → 1003).
import type { AccountPlan } from './transmitter-settings.js';

/** The account of a zone's events; null when base + zone does not fit in the base's digits (or 16). */
export function accountOf(plan: AccountPlan, zone: number): string | null {
  if (plan.kind === 'site') return plan.account;
  const sum = BigInt(plan.base) + BigInt(zone);
  const text = sum.toString().padStart(plan.base.length, '0');
  return text.length > Math.max(plan.base.length, 3) || text.length > 16 ? null : text;
}

/** The accounts known before any event: the site's, or those of the zones listed. */
export function initialAccounts(plan: AccountPlan): string[] {
  if (plan.kind === 'site') return [plan.account];
  return plan.zones.map((z) => accountOf(plan, z)).filter((a): a is string => a !== null);
}
