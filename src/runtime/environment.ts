// What the runtime measures of the real world for the behaviours (the parking server's self-measurement),
// and the work with side effects behaviours ask for (backups, reports, notifications). Both are injected:
// `start` measures and acts for real; `simulate` uses deterministic stand-ins so that data sets reproduce.

import type { Effect, EffectResult } from '../behaviours/behaviour.js';
import type { Device } from '../site/model.js';

export interface Environment {
  /** Measurements for `device` now, by name (e.g. `cpuPercent`); `{}` when there are none for it. */
  read(device: Device, now: number): Readonly<Record<string, number>>;
}

export interface EffectHandler {
  /** Does the work; a synchronous answer reaches the device at its next step. */
  run(
    device: Device,
    effect: Effect,
    now: number,
  ): Omit<EffectResult, 'at'> | Promise<Omit<EffectResult, 'at'>>;
}

const NOTHING: Readonly<Record<string, number>> = Object.freeze({});

export const noEnvironment: Environment = { read: () => NOTHING };

/** Refuses every effect: for runtimes that have nothing to do it with. */
export const noEffects: EffectHandler = {
  run: (_device, effect) => ({
    kind: effect.kind,
    ok: false,
    message: `${effect.kind} is not available here`,
  }),
};
