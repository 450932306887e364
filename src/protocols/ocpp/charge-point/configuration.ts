// The charge point's configuration: the keys of configuration-keys.ts with the values the CSMS set, kept in
// the charge point's state (`config:<key>`) so that they survive a restart. Get/ChangeConfiguration answer
// from here; the engine reads its intervals and measurands here.

import { CONFIGURATION_KEYS } from './configuration-keys.js';
import type { Measurand } from './host.js';

export type ChangeStatus = 'Accepted' | 'Rejected' | 'RebootRequired' | 'NotSupported';

export interface KeyValue {
  key: string;
  readonly: boolean;
  value: string;
}

const PREFIX = 'config:';

export class Configuration {
  private readonly values = new Map<string, string>();

  /** `saved` is the charge point's state; `initial` overrides defaults (site settings) but not saved values. */
  constructor(saved: Map<string, string>, initial: Record<string, string> = {}) {
    for (const [key, def] of Object.entries(CONFIGURATION_KEYS))
      this.values.set(key, initial[key] ?? def.value);
    for (const [k, v] of saved)
      if (k.startsWith(PREFIX) && this.values.has(k.slice(PREFIX.length)))
        this.values.set(k.slice(PREFIX.length), v);
  }

  /** Every key asked for (all when `keys` is empty), and the keys this charge point does not know. */
  get(keys: string[] = []): { configurationKey: KeyValue[]; unknownKey: string[] } {
    const asked = keys.length > 0 ? keys : [...this.values.keys()];
    const configurationKey: KeyValue[] = [];
    const unknownKey: string[] = [];
    for (const key of asked) {
      const value = this.values.get(key);
      if (value === undefined) unknownKey.push(key);
      else configurationKey.push({ key, readonly: CONFIGURATION_KEYS[key]?.readonly === true, value });
    }
    return { configurationKey, unknownKey };
  }

  /**
   * Checks a change as ChangeConfiguration answers it: on Accepted or RebootRequired the value is in force
   * (or will be at the next boot) and `state` is the entry the caller saves before it answers.
   */
  change(key: string, value: string): { status: ChangeStatus; state?: Map<string, string> } {
    const def = CONFIGURATION_KEYS[key];
    if (!def) return { status: 'NotSupported' };
    const normalized = value.trim();
    if (def.readonly || !(def.check?.(normalized) ?? true)) return { status: 'Rejected' };
    this.values.set(key, normalized);
    return {
      status: def.rebootRequired ? 'RebootRequired' : 'Accepted',
      state: new Map([[PREFIX + key, normalized]]),
    };
  }

  /** Sets a key the charge point itself decides (the heartbeat interval from BootNotification). */
  set(key: string, value: string): Map<string, string> {
    this.values.set(key, value);
    return new Map([[PREFIX + key, value]]);
  }

  text(key: string): string {
    return this.values.get(key) ?? '';
  }

  number(key: string): number {
    return Number(this.values.get(key) ?? 0);
  }

  flag(key: string): boolean {
    return this.values.get(key) === 'true';
  }

  /** A comma-separated measurand list. */
  measurands(key: string): Measurand[] {
    const text = this.text(key);
    return text === '' ? [] : (text.split(',').map((m) => m.trim()) as Measurand[]);
  }
}
