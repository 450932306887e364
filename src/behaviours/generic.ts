// The generic behaviour, for any profile without a device-specific one (behaviour.md, "Any other profile"):
// numbers follow a bounded mean-reverting walk inside the typical range; `count` points and `Sur événement`
// counters only increase; enums rest on their first value with rare short excursions; booleans rest
// inactive; Communication Status stays OK; commands hold what was written; momentary commands log an event.

import type { Rng } from '../core/rng.js';
import type { Value } from '../core/value.js';
import type { Point } from '../points/model.js';
import { communicationWords, hasRole } from '../points/special-roles.js';
import type { Behaviour, BehaviourEvent, DeviceContext, StepInputs, StepResult } from './behaviour.js';
import { relinquishDefault } from './defaults.js';
import { round } from './shared/rounding.js';

/** Tunables of the generic model; each can be overridden in the site file under `parameters.generic`. */
export interface GenericParameters {
  /** Time constant of the mean-reverting walk, seconds: how fast a value drifts back to the middle. */
  walkTimeConstantS: number;
  /** Standard deviation of the walk, as a fraction of the half range. */
  walkSpread: number;
  /** Counter increments per hour (a Poisson process). */
  counterRatePerHour: number;
  /** Enum excursions from the resting value, per point per day. */
  enumExcursionsPerDay: number;
  /** Longest excursion, seconds (each lasts between a tenth of this and this). */
  enumExcursionMaxS: number;
}

export const GENERIC_DEFAULTS: GenericParameters = {
  walkTimeConstantS: 600,
  walkSpread: 0.25,
  counterRatePerHour: 6,
  enumExcursionsPerDay: 1,
  enumExcursionMaxS: 600,
};

/** A number that only counts up: a `count` unit, or a number that changes on its event. */
export function isCounter(point: Point): boolean {
  return (
    point.type === 'number' &&
    point.kind !== 'command' &&
    (point.unit === 'count' || point.update === 'onEvent')
  );
}

/** What the model does with each fed point, worked out once per device. */
type Rule =
  | { kind: 'counter'; point: Point; min: number; max: number; step: number; decimals: number }
  | { kind: 'walk'; point: Point; lo: number; hi: number; everyMs: number; decimals: number }
  | { kind: 'enum'; point: Point; words: string[] }
  | { kind: 'communication'; point: Point; ok: string; fault: string }
  | { kind: 'rest'; point: Point };

/**
 * The runner owns this state and hands it back at every step; the step updates it in place (no copy per
 * step) and returns it, which keeps 100 ms devices cheap.
 */
export interface GenericState {
  params: GenericParameters;
  rules: Rule[];
  values: Record<string, Value>;
  counters: Record<string, number>;
  /** Enum points away from their resting value, and when they return (epoch ms). */
  excursions: Record<string, number>;
  /** When each walking number was last computed (epoch ms): it is computed only when due. */
  computedAt: Record<string, number>;
}

/** Decimals worth showing for a range: about a thousandth of the span. */
function decimalsFor(point: Point): number {
  const span = point.min !== null && point.max !== null ? point.max - point.min : 100;
  return Math.min(4, Math.max(0, 3 - Math.floor(Math.log10(Math.max(span, 1e-9)))));
}

/**
 * What a counter adds at each event: 1 for a `count` or a range of 100 or more, else a round step about a
 * hundredth of the range (a `Sur événement` number in 0,3–0,5 counts by 0.001), so that it stays inside it.
 */
function counterStep(point: Point): number {
  if (point.unit === 'count' || point.min === null || point.max === null) return 1;
  const span = point.max - point.min;
  return span >= 100 ? 1 : span > 0 ? 10 ** Math.floor(Math.log10(span / 100)) : 0;
}

function counterRule(point: Point): Rule {
  const step = counterStep(point);
  return {
    kind: 'counter',
    point,
    min: point.min ?? 0,
    max: point.max ?? Number.MAX_SAFE_INTEGER,
    step,
    decimals: step >= 1 ? 0 : Math.min(10, Math.ceil(-Math.log10(step))),
  };
}

function ruleFor(point: Point): Rule {
  if (isCounter(point)) return counterRule(point);
  if (point.type === 'number') {
    // A number without a rate (on demand) is recomputed at most once a minute.
    const everyMs = point.update === 'periodic' && point.intervalMs ? point.intervalMs : 60_000;
    return {
      kind: 'walk',
      point,
      lo: point.min ?? 0,
      hi: point.max ?? 100,
      everyMs,
      decimals: decimalsFor(point),
    };
  }
  if (point.type === 'enum' && point.enum && point.enum.length > 1) {
    if (hasRole(point, 'communication-status'))
      return { kind: 'communication', point, ...communicationWords(point) };
    return { kind: 'enum', point, words: point.enum };
  }
  return { kind: 'rest', point };
}

function restingValue(point: Point, now: number): Value {
  switch (point.type) {
    case 'enum':
      return point.enum?.[0] ?? '';
    case 'datetime':
      return new Date(now).toISOString();
    case 'string':
      return '';
    default:
      return false;
  }
}

/**
 * Ornstein–Uhlenbeck walk advanced exactly over `dt` seconds (so it can be computed only when the point is
 * due): mean the middle of the range, stationary deviation walkSpread × half range, clamped to the range.
 */
function walk(
  rule: Extract<Rule, { kind: 'walk' }>,
  x: number,
  dt: number,
  p: GenericParameters,
  rng: Rng,
): number {
  const mid = (rule.lo + rule.hi) / 2;
  const spread = p.walkSpread * ((rule.hi - rule.lo) / 2);
  const decay = Math.exp(-dt / p.walkTimeConstantS);
  const next = mid + (x - mid) * decay + spread * Math.sqrt(1 - decay * decay) * rng.gaussian();
  return round(Math.min(rule.hi, Math.max(rule.lo, next)), rule.decimals);
}

function parameters(ctx: DeviceContext): GenericParameters {
  const given = ctx.device.parameters.generic;
  return {
    ...GENERIC_DEFAULTS,
    ...(given && typeof given === 'object' ? (given as Partial<GenericParameters>) : {}),
  };
}

export const genericBehaviour: Behaviour<GenericState> = {
  name: 'generic',
  // A lost link: Communication Status (when the profile has one) shows its fault word.
  faults: ['communication'],

  init(ctx, rng, now, saved) {
    const rules = ctx.device.profile.points.filter((p) => p.kind !== 'command').map(ruleFor);
    const state: GenericState = {
      params: parameters(ctx),
      rules,
      values: {},
      counters: {},
      excursions: {},
      computedAt: {},
    };
    for (const rule of rules) {
      const { point } = rule;
      if (rule.kind === 'counter') {
        // A saved count outside today's range (the points list changed) restarts at the range's edge.
        const start = saved[point.id] ?? rule.min;
        state.counters[point.id] = Math.min(rule.max, Math.max(rule.min, start));
        state.values[point.id] = state.counters[point.id] as number;
      } else if (rule.kind === 'walk') {
        const mid = (rule.lo + rule.hi) / 2;
        state.values[point.id] = round(mid + ((rule.hi - rule.lo) / 16) * rng.gaussian(), rule.decimals);
        state.computedAt[point.id] = now;
      } else {
        state.values[point.id] = restingValue(point, now);
      }
    }
    return state;
  },

  step(
    ctx: DeviceContext,
    state: GenericState,
    inputs: StepInputs,
    dt: number,
    rng: Rng,
  ): StepResult<GenericState> {
    const { params: p, values, counters, excursions, computedAt } = state;
    const now = inputs.now;
    for (const rule of state.rules) {
      const id = rule.point.id;
      if (rule.kind === 'counter') {
        const current = counters[id] as number;
        const next = round(current + rule.step, rule.decimals);
        if (next <= rule.max && rng.chance((p.counterRatePerHour / 3600) * dt)) {
          counters[id] = next;
          values[id] = next;
        }
      } else if (rule.kind === 'walk') {
        const last = computedAt[id] as number;
        if (now - last < rule.everyMs) continue;
        values[id] = walk(rule, values[id] as number, (now - last) / 1000, p, rng);
        computedAt[id] = now;
      } else if (rule.kind === 'enum') {
        const back = excursions[id];
        if (back !== undefined && now >= back) {
          delete excursions[id];
          values[id] = rule.words[0] as string;
        } else if (back === undefined && rng.chance((p.enumExcursionsPerDay / 86_400) * dt)) {
          values[id] = rule.words[rng.int(1, rule.words.length - 1)] as string;
          excursions[id] = now + rng.int(p.enumExcursionMaxS / 10, p.enumExcursionMaxS) * 1000;
        }
      } else if (rule.kind === 'communication') {
        values[id] = inputs.faults.has('communication') ? rule.fault : rule.ok;
      }
    }
    const events: BehaviourEvent[] = inputs.actions.map((id) => {
      const point = ctx.device.profile.points.find((x) => x.id === id);
      return { kind: 'action', point: id, message: `${point?.name ?? id} (${point?.action ?? 'run'}) ran` };
    });
    // Every value, current or not: the runner publishes each point at its own rate.
    return { state, outputs: values, events };
  },

  relinquishDefault,

  counters(state) {
    return state.counters;
  },

  onDemand(_ctx, state, point) {
    return state.values[point.id] ?? 0;
  },
};
