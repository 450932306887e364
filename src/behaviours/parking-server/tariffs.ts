// Tariff profiles (data in the site file) and the price of one stay. A stay is priced per started step
// after the free minutes, capped per started 24 h period counted from the arrival.

import { checkNumber, type ParameterReader, show } from './parameter-reader.js';

/** A tariff as written in the site file (euros and minutes). */
export interface TariffSpec {
  /** A stay up to this long is free; a longer one pays from the end of the free time. */
  freeMinutes: number;
  /** Billing step: every started step is charged. */
  stepMinutes: number;
  /** Price of one step, €. */
  pricePerStep: number;
  /** Most a stay pays per started 24 h, €; null for no cap. */
  dailyCap: number | null;
  description?: string;
}

/** A tariff ready to price stays: whole cents, no floating-point drift in the totals. */
export interface Tariff {
  name: string;
  freeMin: number;
  stepMin: number;
  stepCents: number;
  /** Cap per started 24 h, cents; Infinity for none. */
  capCents: number;
}

/**
 * Defaults: typical French city-centre car park prices (first quarter-hour free, €0.80 per started quarter
 * hour — billing per quarter hour is required in France since July 2015 by the 2014 consumer law, loi
 * Hamon — capped at €20 a day); engineering estimates, not any operator's price list.
 */
export const DEFAULT_TARIFFS: Record<string, TariffSpec> = {
  standard: {
    freeMinutes: 15,
    stepMinutes: 15,
    pricePerStep: 0.8,
    dailyCap: 20,
    description: 'visitors: first 15 min free, then €0.80 per started 15 min, €20 a day at most',
  },
  reduced: {
    freeMinutes: 15,
    stepMinutes: 60,
    pricePerStep: 1.5,
    dailyCap: 10,
    description: 'residents and subscribers: €1.50 per started hour, €10 a day at most',
  },
  event: {
    freeMinutes: 0,
    stepMinutes: 1440,
    pricePerStep: 10,
    dailyCap: 10,
    description: 'events: a flat €10 per started 24 h',
  },
};

export const DEFAULT_TARIFF = 'standard';

const DAY_MIN = 1440;

/** Price of a stay of `stayMin` minutes, cents. */
export function priceCents(tariff: Tariff, stayMin: number): number {
  if (stayMin <= tariff.freeMin) return 0;
  let total = 0;
  for (let start = 0; start < stayMin; start += DAY_MIN) {
    const minutes = Math.min(DAY_MIN, stayMin - start);
    // The free time only opens the first period; later periods are charged from their start.
    const charged = start === 0 ? minutes - tariff.freeMin : minutes;
    const steps = Math.ceil(charged / tariff.stepMin - 1e-9); // a stay of exactly n steps pays n
    total += Math.min(tariff.capCents, steps * tariff.stepCents);
  }
  return total;
}

export function compileTariff(name: string, spec: TariffSpec): Tariff {
  return {
    name,
    freeMin: spec.freeMinutes,
    stepMin: spec.stepMinutes,
    stepCents: Math.round(spec.pricePerStep * 100),
    capCents: spec.dailyCap === null ? Number.POSITIVE_INFINITY : Math.round(spec.dailyCap * 100),
  };
}

/** The configured tariffs: the defaults, plus or replaced by the site file's `tariffs` mapping. */
export function readTariffs(reader: ParameterReader): Map<string, Tariff> {
  const given = reader.mapping('tariffs') ?? {};
  const specs: Record<string, unknown> = { ...DEFAULT_TARIFFS, ...given };
  const tariffs = new Map<string, Tariff>();
  for (const [name, raw] of Object.entries(specs)) {
    const at = `tariffs.${name}`;
    if (name.trim() === '') throw reader.error('tariffs', 'has a tariff with an empty name');
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
      throw reader.error(
        at,
        `must be a mapping (freeMinutes, stepMinutes, pricePerStep, dailyCap), not ${show(raw)}`,
      );
    const spec = raw as Record<string, unknown>;
    const cap = spec.dailyCap ?? null;
    const checked: TariffSpec = {
      freeMinutes: checkNumber(reader, `${at}.freeMinutes`, spec.freeMinutes ?? 0, { min: 0, max: 1440 }),
      stepMinutes: checkNumber(reader, `${at}.stepMinutes`, spec.stepMinutes, {
        min: 0,
        max: 1440,
        minExclusive: true,
      }),
      pricePerStep: checkNumber(reader, `${at}.pricePerStep`, spec.pricePerStep, { min: 0, max: 10_000 }),
      dailyCap: cap === null ? null : checkNumber(reader, `${at}.dailyCap`, cap, { min: 0, max: 100_000 }),
    };
    tariffs.set(name, compileTariff(name, checked));
  }
  return tariffs;
}
